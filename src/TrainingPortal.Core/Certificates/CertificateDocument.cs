namespace TrainingPortal.Core.Certificates;

/// <summary>
/// Everything a printed certificate states, as it was when the certificate was issued. <see cref="CourseTitle"/> is
/// the English title; a holder who reads Chinese gets a bilingual certificate, in <see cref="Language"/> and English,
/// with <see cref="TranslatedCourseTitle"/> beside the English one.
/// </summary>
public sealed record CertificateDocument(
    string BankName,
    string Serial,
    string HolderName,
    string EmployeeNumber,
    string BranchName,
    string CourseTitle,
    DateOnly IssuedOn,
    DateOnly? ExpiresOn,
    string VerificationPage,
    string VerificationCode)
{
    /// <summary>What the QR code holds: the verification page with the code filled in.</summary>
    public string VerificationUrl => $"{VerificationPage}/{VerificationCode}";

    /// <summary>The holder's language (en, zh-Hans, zh-Hant): the certificate's second language when it is not English.</summary>
    public string Language { get; init; } = Languages.PortalLanguages.English;

    /// <summary>The course title in <see cref="Language"/>; null or equal to <see cref="CourseTitle"/> when there is no translation.</summary>
    public string? TranslatedCourseTitle { get; init; }

    /// <summary>The bank's name in <see cref="Language"/> (海港银行); null or equal to <see cref="BankName"/> when it has none of its own.</summary>
    public string? TranslatedBankName { get; init; }

    public string FileName => $"certificate-{Serial}.pdf";
}
