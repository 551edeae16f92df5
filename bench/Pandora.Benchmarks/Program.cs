using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Pandora.Benchmarks.DaveDecryptBenchmarks).Assembly).Run(args);
