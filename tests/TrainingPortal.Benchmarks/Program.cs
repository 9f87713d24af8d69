using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(TrainingPortal.Benchmarks.CertificatePdfBenchmarks).Assembly).Run(args);
