namespace Pandora.Cooking.Ogg;

/// <summary>Facts read from an Opus packet's TOC byte (RFC 6716 §3.1). Stateless and thread-safe.</summary>
public static class OpusPacket
{
    /// <summary>Longest duration a packet may have: 120 ms at 48 kHz (RFC 6716 §3.2.5).</summary>
    public const int MaxSamples = 5760;

    /// <summary>
    /// Samples per frame at 48 kHz for the TOC's configuration number (its top five bits): SILK-only configurations
    /// 0-11 use 10/20/40/60 ms, hybrid 12-15 use 10/20 ms, CELT-only 16-31 use 2.5/5/10/20 ms.
    /// </summary>
    public static int GetFrameSamples(byte toc)
    {
        int config = toc >> 3;
        if (config < 12)
        {
            return (config & 3) switch
            {
                0 => 480,
                1 => 960,
                2 => 1920,
                _ => 2880,
            };
        }

        if (config < 16)
        {
            return (config & 1) == 0 ? 480 : 960;
        }

        return 120 << (config & 3);
    }

    /// <summary>
    /// Number of frames in the packet from the TOC code (its low two bits): code 0 is one frame, codes 1 and 2 are
    /// two, code 3 gives the count in the low six bits of the second byte. 0 when the packet is empty, code 3
    /// lacks its count byte or has a count of 0.
    /// </summary>
    public static int GetFrameCount(ReadOnlySpan<byte> packet)
    {
        if (packet.IsEmpty)
        {
            return 0;
        }

        return (packet[0] & 3) switch
        {
            0 => 1,
            1 or 2 => 2,
            _ => packet.Length < 2 ? 0 : packet[1] & 0x3F,
        };
    }

    /// <summary>
    /// Duration of the packet in 48 kHz samples; false when the TOC is unusable (empty packet, missing or zero
    /// frame count) or the total exceeds 120 ms, which RFC 6716 §3.2.5 forbids.
    /// </summary>
    public static bool TryGetSamples(ReadOnlySpan<byte> packet, out int samples)
    {
        samples = GetFrameCount(packet) * (packet.IsEmpty ? 0 : GetFrameSamples(packet[0]));
        if (samples <= 0 || samples > MaxSamples)
        {
            samples = 0;
            return false;
        }

        return true;
    }
}
