namespace Pandora.Discord.Dave.Internal;

/// <summary>
/// The trailer of a DAVE protocol frame (Discord DAVE protocol "Protocol Frame Format"):
/// <c>media | tag (8) | ULEB128 nonce | ULEB128 (offset, size) pairs | u8 supplemental size | FA FA</c>, where the
/// supplemental size counts everything from the tag to the marker inclusive.
/// </summary>
internal readonly record struct DaveFrameLayout(
    int MediaLength,
    int TagOffset,
    uint Nonce,
    int RangesOffset,
    int RangesEnd)
{
    public const byte MarkerByte = 0xFA;
    public const int MinSupplementalSize = TruncatedAesGcm.TagLength + 1 + 1 + 2;

    /// <summary>True for the three-byte Opus silence frame that senders never encrypt.</summary>
    public static bool IsSilence(ReadOnlySpan<byte> frame) =>
        frame.Length == 3 && frame[0] == 0xF8 && frame[1] == 0xFF && frame[2] == 0xFE;

    /// <summary>Parses the trailer; false when <paramref name="frame"/> is not a well-formed protocol frame.</summary>
    public static bool TryParse(ReadOnlySpan<byte> frame, out DaveFrameLayout layout)
    {
        layout = default;
        var len = frame.Length;
        if (len < MinSupplementalSize || frame[len - 1] != MarkerByte || frame[len - 2] != MarkerByte)
        {
            return false;
        }

        int size = frame[len - 3];
        if (size < MinSupplementalSize || size > len)
        {
            return false;
        }

        var tagOffset = len - size;
        var nonceOffset = tagOffset + TruncatedAesGcm.TagLength;
        var end = len - 3;
        if (!Uleb128.TryRead(frame[nonceOffset..end], out var nonce, out var nonceLength) || nonce > uint.MaxValue)
        {
            return false;
        }

        layout = new DaveFrameLayout(tagOffset, tagOffset, (uint)nonce, nonceOffset + nonceLength, end);
        return layout.RangesValid(frame);
    }

    /// <summary>Unencrypted ranges: pairs that fill the space exactly, ascending, non-overlapping, inside the
    /// media.</summary>
    private bool RangesValid(ReadOnlySpan<byte> frame)
    {
        var position = RangesOffset;
        long previousEnd = 0;
        while (position < RangesEnd)
        {
            if (!ReadRange(frame, ref position, out var offset, out var size) || offset < previousEnd)
            {
                return false;
            }

            previousEnd = offset + size;
            if (previousEnd > MediaLength)
            {
                return false;
            }
        }

        return position == RangesEnd;
    }

    /// <summary>Enumerates the unencrypted ranges (valid after <see cref="TryParse"/>).</summary>
    public List<(int Offset, int Size)> Ranges(ReadOnlySpan<byte> frame)
    {
        var list = new List<(int, int)>();
        var position = RangesOffset;
        while (position < RangesEnd && ReadRange(frame, ref position, out var offset, out var size))
        {
            list.Add(((int)offset, (int)size));
        }

        return list;
    }

    public bool HasRanges => RangesOffset != RangesEnd;

    private bool ReadRange(ReadOnlySpan<byte> frame, ref int position, out long offset, out long size)
    {
        offset = size = 0;
        if (!Uleb128.TryRead(frame[position..RangesEnd], out var o, out var n1))
        {
            return false;
        }

        position += n1;
        if (!Uleb128.TryRead(frame[position..RangesEnd], out var s, out var n2))
        {
            return false;
        }

        position += n2;
        if (o > int.MaxValue || s > int.MaxValue)
        {
            return false;
        }

        offset = (long)o;
        size = (long)s;
        return true;
    }
}
