using TrainingPortal.Core.Content;
using TrainingPortal.Web.Localization;

namespace TrainingPortal.Web.Certificates;

/// <summary>
/// The course title a certificate names, wherever it is shown: the title it was issued under, in the reader's language
/// while the course still bears that title. A course renamed since keeps its old name on its certificates, so the
/// printed certificate, the verification page and the lists all agree.
/// </summary>
public sealed class CertificateTitles(ContentLibrary library)
{
    /// <param name="language">The reader's language; the request's own when null.</param>
    public string Of(string courseSlug, string issuedTitle, string? language = null) =>
        library.Base.Find(courseSlug)?.Title == issuedTitle
            ? library.For(language ?? DateDisplay.CurrentLanguage).Find(courseSlug)?.Title ?? issuedTitle
            : issuedTitle;
}
