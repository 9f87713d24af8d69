using TrainingPortal.Core.Calendar;
using TrainingPortal.Data;
using TrainingPortal.Web.Certificates;

namespace TrainingPortal.Web.Tests.Certificates;

public class CertificateSerialTests
{
    [Fact]
    public void A_certificate_issued_early_on_new_years_day_in_shanghai_carries_the_new_year()
    {
        var shanghai = BankCalendar.ForZone("Asia/Shanghai", out _)!;
        var certificate = new Certificate { Id = 42, IssuedAtUtc = new DateTime(2026, 12, 31, 17, 0, 0, DateTimeKind.Utc) }; // 1 Jan 2027, 01:00 there

        IssueCertificate.Number(certificate, shanghai);

        Assert.Equal("TP-2027-000042", certificate.Serial);
    }
}
