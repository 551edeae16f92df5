using System.Collections.Concurrent;
using Concentus;

namespace Pandora.Emulator.Speech;

/// <summary>
/// One embedded speech clip: 20 ms Opus packets, 48 kHz mono, as produced by
/// <c>Speech/make-speech.sh</c>. Immutable and thread-safe.
/// </summary>
public sealed class SpeechClip
{
    /// <summary>Samples per channel in one 20 ms frame at 48 kHz.</summary>
    public const int SamplesPerFrame = 960;

    private static readonly ConcurrentDictionary<string, SpeechClip> s_cache = new(StringComparer.Ordinal);

    private SpeechClip(string name, IReadOnlyList<byte[]> packets, int preSkip)
    {
        Name = name;
        Packets = packets;
        PreSkip = preSkip;
    }

    /// <summary>Clip name: the file name without ".opus", e.g. "alice-1".</summary>
    public string Name { get; }

    /// <summary>The Opus packets, one per 20 ms. Callers must not modify the arrays.</summary>
    public IReadOnlyList<byte[]> Packets { get; }

    /// <summary>Encoder delay in 48 kHz samples (the OpusHead pre-skip); the sender does not trim it.</summary>
    public int PreSkip { get; }

    /// <summary>Duration of the packets (20 ms each).</summary>
    public TimeSpan Duration => TimeSpan.FromMilliseconds(20 * Packets.Count);

    /// <summary>Names of all embedded clips.</summary>
    public static IReadOnlyList<string> Names { get; } = typeof(SpeechClip).Assembly.GetManifestResourceNames()
        .Where(n => n.EndsWith(".opus", StringComparison.Ordinal))
        .Select(n => n.Split('.')[^2])
        .Order(StringComparer.Ordinal)
        .ToArray();

    /// <summary>Loads (once) the embedded clip with that name.</summary>
    public static SpeechClip Load(string name) => s_cache.GetOrAdd(name, LoadCore);

    /// <summary>
    /// Decodes the packets with a fresh Opus decoder, exactly as sent (no pre-skip trimming):
    /// 48 kHz mono float samples, 960 per packet. Returns a new array on each call.
    /// </summary>
    public float[] DecodePcm()
    {
        var decoder = OpusCodecFactory.CreateDecoder(48000, 1);
        var pcm = new float[Packets.Count * SamplesPerFrame];
        for (var i = 0; i < Packets.Count; i++)
        {
            decoder.Decode(Packets[i], pcm.AsSpan(i * SamplesPerFrame, SamplesPerFrame), SamplesPerFrame);
        }

        return pcm;
    }

    private static SpeechClip LoadCore(string name)
    {
        var assembly = typeof(SpeechClip).Assembly;
        var resource = assembly.GetManifestResourceNames()
            .SingleOrDefault(n => n.EndsWith($".{name}.opus", StringComparison.Ordinal))
            ?? throw new ArgumentException($"No embedded speech clip named '{name}'.", nameof(name));
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var (packets, preSkip) = OggOpusReader.Read(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        return new SpeechClip(name, packets, preSkip);
    }
}
