using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TrainingPortal.Core.Calendar;
using TrainingPortal.Core.Certificates;
using TrainingPortal.Core.Languages;
using TrainingPortal.Web;
using TrainingPortal.Web.Certificates;
using TrainingPortal.Web.Localization;

namespace TrainingPortal.Benchmarks;

[MemoryDiagnoser]
public class CertificatePdfBenchmarks
{
    private static readonly CertificateDocument Latin = new(
        "Harbourline Bank", "TP-2026-000123", "Daniel Okafor", "E000123", "Harbin Central",
        "Customer communication skills", new DateOnly(2026, 11, 2), null, "https://portal.bank.example/verify", "ABCDEFGHJKLMNPQRSTUV");

    private static readonly CertificateDocument Chinese = Latin with
    {
        HolderName = "李娜 Li Na", CourseTitle = "Customer information and segmentation", ExpiresOn = new DateOnly(2027, 11, 2),
        Language = PortalLanguages.Simplified, TranslatedCourseTitle = "客户信息与客户细分",
    };

    private static readonly IStringLocalizer Text = new ResourceManagerStringLocalizerFactory(
        Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance).Create(typeof(Shared));

    private static readonly DateDisplay Dates = new(BankCalendar.ForZone(BankCalendar.DefaultZone, out _)!);

    [GlobalSetup]
    public void ReportSizes()
    {
        Console.WriteLine($"// PDF size, English: {CertificatePdf.Render(Latin, Text, Dates).Length:N0} bytes");
        Console.WriteLine($"// PDF size, bilingual Chinese and English: {CertificatePdf.Render(Chinese, Text, Dates).Length:N0} bytes");
    }

    [Benchmark(Baseline = true)]
    public byte[] English() => CertificatePdf.Render(Latin, Text, Dates);

    [Benchmark]
    public byte[] Bilingual() => CertificatePdf.Render(Chinese, Text, Dates);
}
