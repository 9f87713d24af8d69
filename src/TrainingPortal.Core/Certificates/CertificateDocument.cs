namespace TrainingPortal.Core.Certificates;

/// <summary>Everything a printed certificate states, as it was when the certificate was issued.</summary>
public sealed record CertificateDocument(
    string BankName,
    string Serial,
    string HolderName,
    string EmployeeNumber,
    string BranchName,
    string CourseTitle,
    DateOnly IssuedOn,
    DateOnly? ExpiresOn,
    string VerificationUrl)
{
    public string FileName => $"certificate-{Serial}.pdf";
}
