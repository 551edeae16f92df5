namespace Pandora.Actors.Tracks;

/// <summary>Reads the duration of an Opus packet from its TOC byte (RFC 6716 §3.1).</summary>
public static class OpusPacket
{
    /// <summary>Samples per second of Opus time and of granule positions.</summary>
    public const int SampleRate = 48000;

    /// <summary>Duration of <paramref name="packet"/> in 48 kHz samples, or -1 when the packet is empty or its
    /// TOC / frame count byte is malformed (RFC 6716 §3.1, §3.2.5: at most 120 ms per packet).</summary>
    public static int GetDurationSamples(ReadOnlySpan<byte> packet)
    {
        if (packet.IsEmpty)
        {
            return -1;
        }

        var toc = packet[0];
        var frameSamples = FrameSamples(toc >> 3);
        int frames;
        switch (toc & 0x3)
        {
            case 0:
                frames = 1;
                break;
            case 1:
            case 2:
                frames = 2;
                break;
            default:
                // Code 3: byte 1 is v|p|M(6 bits), M = frame count, 1..48 (RFC 6716 §3.2.5).
                if (packet.Length < 2)
                {
                    return -1;
                }

                frames = packet[1] & 0x3F;
                break;
        }

        var total = frames * frameSamples;
        return frames == 0 || total > SampleRate * 120 / 1000 ? -1 : total;
    }

    /// <summary>Frame size of a TOC configuration number: SILK 10/20/40/60 ms (0-11), Hybrid 10/20 ms (12-15),
    /// CELT 2.5/5/10/20 ms (16-31).</summary>
    private static int FrameSamples(int config) => config switch
    {
        < 12 => (config % 4) switch { 0 => 480, 1 => 960, 2 => 1920, _ => 2880 },
        < 16 => config % 2 == 0 ? 480 : 960,
        _ => (config % 4) switch { 0 => 120, 1 => 240, 2 => 480, _ => 960 },
    };
}
