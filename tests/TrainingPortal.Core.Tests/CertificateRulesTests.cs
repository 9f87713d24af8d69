using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.Certificates;

namespace TrainingPortal.Core.Tests;

public class CertificateRulesTests
{
    private static readonly BankCalendar Shanghai = BankCalendar.ForZone("Asia/Shanghai", out _)!;

    private static readonly DateTime Issued = new(2026, 1, 31, 10, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("abcde-fghjk-lmnpq-rstuv")]
    [InlineData(" ABCDE FGHJK LMNPQ RSTUV ")]
    [InlineData("ＡＢＣＤＥ－ＦＧＨＪＫ－ＬＭＮＰＱ－ＲＳＴＵＶ")] // a Chinese input method in full-width mode
    [InlineData("ａｂｃｄｅ　ｆｇｈｊｋ　ｌｍｎｐｑ　ｒｓｔｕｖ")]
    [InlineData("ABCDE\u2013FGHJK\u2014LMNPQ\u2212RSTUV")] // dashes a word processor makes of hyphens
    public void A_typed_code_is_read_whatever_its_width_case_spacing_and_dashes(string typed) =>
        Assert.Equal("ABCDEFGHJKLMNPQRSTUV", CertificateRules.TypedCode(typed));

    [Fact]
    public void Serials_are_readable_and_carry_the_year()
    {
        Assert.Equal("TP-2026-000123", CertificateRules.Serial(2026, 123));
        Assert.Equal("TP-2027-1234567", CertificateRules.Serial(2027, 1_234_567));
        Assert.Matches(CertificateRules.SerialPattern(), CertificateRules.Serial(2026, 1));
    }

    [Fact]
    public void Verification_codes_are_long_unambiguous_and_unique()
    {
        var codes = Enumerable.Range(0, 2_000).Select(_ => CertificateRules.NewVerificationCode()).ToList();

        Assert.All(codes, c => Assert.True(CertificateRules.IsWellFormedCode(c), c));
        Assert.All(codes, c => Assert.DoesNotContain(c, ch => ch is 'I' or 'O' or '0' or '1'));
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.False(CertificateRules.IsWellFormedCode("TOO-SHORT"));
        Assert.False(CertificateRules.IsWellFormedCode("abcdefghjkmnpqrstuvw"));
    }

    [Fact]
    public void Expiry_is_whole_calendar_months_after_issue_and_none_for_zero()
    {
        Assert.Null(CertificateRules.ExpiryFor(Issued, 0, Shanghai));
        Assert.Equal(new DateTime(2027, 1, 31, 10, 0, 0, DateTimeKind.Utc), CertificateRules.ExpiryFor(Issued, 12, Shanghai));
        Assert.Equal(new DateTime(2026, 2, 28, 10, 0, 0, DateTimeKind.Utc), CertificateRules.ExpiryFor(Issued, 1, Shanghai)); // no 31 February
    }

    [Fact]
    public void Expiry_counts_the_banks_calendar_months_not_utcs()
    {
        var firstOfMarchAt2InShanghai = new DateTime(2027, 2, 28, 18, 0, 0, DateTimeKind.Utc);

        var expires = CertificateRules.ExpiryFor(firstOfMarchAt2InShanghai, 12, Shanghai)!.Value;

        Assert.Equal(new DateOnly(2028, 3, 1), Shanghai.DateOf(expires)); // not 29 February, a day early
        Assert.Equal(new DateTime(2028, 2, 29, 18, 0, 0, DateTimeKind.Utc), expires);
    }

    [Theory]
    [InlineData(-40, CertificateStatus.Valid)]
    [InlineData(-30, CertificateStatus.ExpiringSoon)]
    [InlineData(-1, CertificateStatus.ExpiringSoon)]
    [InlineData(0, CertificateStatus.Expired)]
    [InlineData(5, CertificateStatus.Expired)]
    public void Status_follows_the_expiry_date_with_a_thirty_day_warning(int daysFromExpiry, CertificateStatus expected)
    {
        var expires = Issued.AddMonths(12);

        Assert.Equal(expected, CertificateRules.StatusAt(expires.AddDays(daysFromExpiry), expires, null));
    }

    [Fact]
    public void Revocation_outranks_every_date_and_a_certificate_without_expiry_stays_valid()
    {
        Assert.Equal(CertificateStatus.Revoked, CertificateRules.StatusAt(Issued, Issued.AddYears(1), Issued));
        Assert.Equal(CertificateStatus.Valid, CertificateRules.StatusAt(Issued.AddYears(30), null, null));
    }

    [Fact]
    public void A_course_is_due_again_inside_the_renewal_window_and_never_without_expiry()
    {
        var expires = Issued.AddMonths(12);

        Assert.False(CertificateRules.IsDueForRenewal(expires.AddDays(-31), expires));
        Assert.True(CertificateRules.IsDueForRenewal(expires.AddDays(-30), expires));
        Assert.True(CertificateRules.IsDueForRenewal(expires.AddDays(10), expires));
        Assert.False(CertificateRules.IsDueForRenewal(Issued.AddYears(20), null));
    }
}
