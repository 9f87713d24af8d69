using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using TrainingPortal.Core.Calendar;

namespace TrainingPortal.Core.Certificates;

public enum CertificateStatus
{
    Valid,
    ExpiringSoon,
    Expired,
    Revoked,
}

public static partial class CertificateRules
{
    /// <summary>How long before expiry a certificate shows as expiring and its course as due again.</summary>
    public static readonly TimeSpan RenewalWindow = TimeSpan.FromDays(30);

    private const string Base32Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /// <summary>Readable serials, e.g. TP-2026-000123: the year of issue and the certificate's number.</summary>
    public static string Serial(int year, long number) => $"TP-{year:0000}-{number:000000}";

    [GeneratedRegex(@"^TP-\d{4}-\d{6,}$")]
    public static partial Regex SerialPattern();

    /// <summary>
    /// 20 random characters from a 32-letter alphabet without look-alikes (no I, O, 0, 1): 100 bits,
    /// far beyond guessing, and still readable aloud over the phone.
    /// </summary>
    public static string NewVerificationCode()
    {
        Span<byte> bytes = stackalloc byte[20];
        RandomNumberGenerator.Fill(bytes);
        var chars = new char[20];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Base32Alphabet[bytes[i] & 31];
        }

        return new string(chars);
    }

    [GeneratedRegex("^[A-HJ-NP-Z2-9]{20}$")]
    private static partial Regex CodePattern();

    public static bool IsWellFormedCode(string? code) => code is not null && CodePattern().IsMatch(code);

    /// <summary>The code as printed for people to read and type: four groups of five, e.g. ABCDE-FGHJK-LMNPQ-RSTUV.</summary>
    public static string PrintedCode(string code) =>
        IsWellFormedCode(code) ? string.Join('-', code.Chunk(5).Select(group => new string(group))) : code;

    /// <summary>
    /// A code as a person typed it: groups, spaces and lower case do not matter, nor full-width letters, digits and dashes
    /// (a Chinese input method left in full-width mode types ＡＢＣ－２３).
    /// </summary>
    public static string TypedCode(string? typed) =>
        new string((typed ?? "").Normalize(NormalizationForm.FormKC)
            .Where(c => !IsDash(c) && !char.IsWhiteSpace(c)).Select(char.ToUpperInvariant).ToArray());

    private static bool IsDash(char c) => c is '-' or '\u2212' || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.DashPunctuation;

    /// <summary>
    /// Expiry a whole number of the bank's calendar months after issue; none when the course's validity is 0. Counted in
    /// UTC, a certificate issued on 1 March before 08:00 in Shanghai (still 28 February in UTC) would lapse a day early
    /// in a leap year.
    /// </summary>
    public static DateTime? ExpiryFor(DateTime issuedAtUtc, int validityMonths, BankCalendar calendar) =>
        validityMonths <= 0 ? null : calendar.ToUtc(calendar.LocalTime(issuedAtUtc).AddMonths(validityMonths));

    public static CertificateStatus StatusAt(DateTime nowUtc, DateTime? expiresAtUtc, DateTime? revokedAtUtc) =>
        revokedAtUtc is not null ? CertificateStatus.Revoked
        : expiresAtUtc is null ? CertificateStatus.Valid
        : nowUtc >= expiresAtUtc ? CertificateStatus.Expired
        : nowUtc >= RenewalOpensAt(expiresAtUtc.Value) ? CertificateStatus.ExpiringSoon
        : CertificateStatus.Valid;

    /// <summary>A course is due again once its latest certificate has expired or is within the renewal window.</summary>
    public static bool IsDueForRenewal(DateTime nowUtc, DateTime? expiresAtUtc) =>
        expiresAtUtc is { } expires && nowUtc >= RenewalOpensAt(expires);

    /// <summary>The moment a certificate can be renewed from: <see cref="RenewalWindow"/> before it expires, to the second.</summary>
    public static DateTime RenewalOpensAt(DateTime expiresAtUtc) => expiresAtUtc - RenewalWindow;
}
