using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(TraceImport.Benchmarks.HexRowBenchmarks).Assembly).Run(args);
