using BenchmarkDotNet.Attributes;
using TrainingPortal.Core.Certificates;
using TrainingPortal.Web.Certificates;

namespace TrainingPortal.Benchmarks;

[MemoryDiagnoser]
public class CertificatePdfBenchmarks
{
    private static readonly CertificateDocument Latin = new(
        "Harbourline Bank", "TP-2026-000123", "Daniel Okafor", "E000123", "Harbin Central",
        "Customer communication skills", new DateOnly(2026, 11, 2), null, "https://portal.bank.example/verify/ABCDEFGHJKLMNPQRSTUV");

    private static readonly CertificateDocument Chinese = Latin with { HolderName = "李娜 Li Na", CourseTitle = "Customer information and segmentation", ExpiresOn = new DateOnly(2027, 11, 2) };

    [GlobalSetup]
    public void ReportSizes()
    {
        Console.WriteLine($"// PDF size, Latin name: {CertificatePdf.Render(Latin).Length:N0} bytes");
        Console.WriteLine($"// PDF size, Chinese name: {CertificatePdf.Render(Chinese).Length:N0} bytes");
    }

    [Benchmark(Baseline = true)]
    public byte[] LatinName() => CertificatePdf.Render(Latin);

    [Benchmark]
    public byte[] ChineseName() => CertificatePdf.Render(Chinese);
}
