namespace Pandora.Discord.Voice.Internal;

/// <summary>Per-SSRC sequence bookkeeping. Not thread safe; the receiver holds its lock.</summary>
internal sealed class SsrcTrack
{
    public ushort HighestSequence { get; private set; }

    public uint LastTimestamp { get; private set; }

    /// <summary>
    /// Classifies <paramref name="sequence"/> against the newest one seen (RFC 3550 style, 16-bit wrap).
    /// </summary>
    public SequenceVerdict Observe(ushort sequence, uint timestamp, bool first)
    {
        if (first)
        {
            HighestSequence = sequence;
            LastTimestamp = timestamp;
            return SequenceVerdict.InOrder;
        }

        var diff = (short)(sequence - HighestSequence);
        if (diff == 0)
        {
            return SequenceVerdict.Duplicate;
        }

        if (diff < 0)
        {
            return SequenceVerdict.OutOfOrder;
        }

        HighestSequence = sequence;
        LastTimestamp = timestamp;
        return diff == 1 ? SequenceVerdict.InOrder : (SequenceVerdict)diff;
    }
}

/// <summary>Result of <see cref="SsrcTrack.Observe"/>; values above 1 are a forward jump of that many sequence
/// numbers (value - 1 lost).</summary>
internal enum SequenceVerdict
{
    Duplicate = -2,
    OutOfOrder = -1,
    InOrder = 1,
}
