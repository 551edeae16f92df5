namespace Pandora.Emulator;

/// <summary>
/// UDP impairments, drawn from a <see cref="Random"/> seeded with <see cref="Seed"/>. Rates are per packet, 0..1.
/// </summary>
public sealed record MediaImpairments
{
    public static MediaImpairments None { get; } = new();

    public int Seed { get; init; } = 1234;

    /// <summary>Probability that a packet is not sent.</summary>
    public double LossRate { get; init; }

    /// <summary>Probability that a packet is held back and sent after the next one of the same member.</summary>
    public double ReorderRate { get; init; }

    /// <summary>Probability that a packet is sent twice.</summary>
    public double DuplicateRate { get; init; }

    /// <summary>
    /// Probability that a junk datagram (short, wrong version, bad tag, RTCP) is sent before a packet.
    /// </summary>
    public double MalformedRate { get; init; }
}
