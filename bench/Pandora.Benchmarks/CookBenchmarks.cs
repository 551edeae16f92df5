using BenchmarkDotNet.Attributes;
using Pandora.Cooking.Cook;

namespace Pandora.Benchmarks;

/// <summary>BenchmarkDotNet: one minute of four speakers cooked to the Opus mix and to a FLAC zip, with allocations.
/// </summary>
[MemoryDiagnoser]
public class CookBenchmarks
{
    private string _folder = "";

    [Params(CookContainer.Mix, CookContainer.Zip)]
    public CookContainer Container { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "pandora-bench-" + Guid.NewGuid().ToString("N"));
        SyntheticRecording.Write(_folder, "minute", TimeSpan.FromMinutes(1), 4);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    [Benchmark]
    public Task<CookResult> Cook() => new Cooker().CookAsync(_folder, "minute",
        new CookOptions(Container == CookContainer.Mix ? CookFormat.Opus : CookFormat.Flac, Container), Stream.Null);
}
