using BenchmarkDotNet.Attributes;
using Pandora.Discord.Dave;

namespace Pandora.Benchmarks;

/// <summary>
/// DAVE frame decryption throughput on one thread: a batch of distinct Opus-sized frames (the replay window refuses
/// a frame twice) through a fresh <see cref="DaveFrameDecryptor"/>. Frames per second = OperationsPerInvoke / mean.
/// </summary>
[MemoryDiagnoser]
public class DaveDecryptBenchmarks
{
    private const int Batch = 10_000;
    private static readonly byte[] BaseSecret = Convert.FromHexString("cedd61b1b8a1ca69046554282cf70b7b");
    private byte[][] _frames = [];
    private byte[] _output = [];

    /// <summary>Opus frame size in bytes (20 ms at 32-64 kbit/s is 80-160 bytes).</summary>
    [Params(120)]
    public int FrameBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var opus = new byte[FrameBytes];
        Random.Shared.NextBytes(opus);
        opus[0] = 0xFC;
        using var encryptor = new DaveFrameEncryptor(new DaveKeyRatchet(BaseSecret));
        _frames = Enumerable.Range(0, Batch).Select(_ => encryptor.Encrypt(opus)).ToArray();
        _output = new byte[FrameBytes + DaveFrameEncryptor.MaxOverhead];
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int Decrypt()
    {
        using var decryptor = new DaveFrameDecryptor();
        decryptor.AddKeyRatchet(new DaveKeyRatchet(BaseSecret));
        var total = 0;
        foreach (var frame in _frames)
        {
            if (decryptor.Decrypt(frame, _output, out var written) == DaveFrameResult.Decrypted)
            {
                total += written;
            }
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Batch)]
    public int Encrypt()
    {
        using var encryptor = new DaveFrameEncryptor(new DaveKeyRatchet(BaseSecret));
        var total = 0;
        var opus = _output.AsSpan(0, FrameBytes);
        for (var i = 0; i < Batch; i++)
        {
            total += encryptor.Encrypt(opus).Length;
        }

        return total;
    }
}
