using BenchmarkDotNet.Running;
using TrainingPortal.Benchmarks;

if (args.FirstOrDefault() == "load")
{
    return await LoadRun.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(CertificatePdfBenchmarks).Assembly).Run(args);
return 0;
