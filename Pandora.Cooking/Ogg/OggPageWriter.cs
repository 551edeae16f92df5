using System.Buffers.Binary;

namespace Pandora.Cooking.Ogg;

/// <summary>
/// Builds Ogg pages (RFC 3533 §6) holding one whole packet. Lacing follows the spec: a packet of length L takes
/// floor(L/255) segments of 255 and one final segment of L mod 255, so a multiple of 255 ends with a 0 segment
/// and an empty packet is a single 0 segment. Stateless and thread-safe; the caller owns all buffers.
/// </summary>
public static class OggPageWriter
{
    /// <summary>Bytes needed for a page holding a packet of <paramref name="packetLength"/> bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The packet does not fit on one page.</exception>
    public static int GetSinglePageLength(int packetLength)
    {
        CheckSinglePageLength(packetLength);
        return OggPage.HeaderLength + (packetLength / 255) + 1 + packetLength;
    }

    /// <summary>
    /// Writes one page holding all of <paramref name="packet"/> into <paramref name="destination"/> and returns the
    /// number of bytes written (<see cref="GetSinglePageLength"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The packet is longer than
    /// <see cref="OggPage.MaxSinglePagePacketLength"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too small.</exception>
    public static int WriteSinglePage(
        Span<byte> destination,
        OggHeaderType headerType,
        ulong granulePosition,
        uint serial,
        uint sequence,
        ReadOnlySpan<byte> packet)
    {
        int total = GetSinglePageLength(packet.Length);
        if (destination.Length < total)
        {
            throw new ArgumentException($"A page of {total} bytes does not fit in {destination.Length}.",
                nameof(destination));
        }

        int segments = (packet.Length / 255) + 1;
        Span<byte> lacing = destination.Slice(OggPage.HeaderLength, segments);
        lacing[..^1].Fill(255);
        lacing[^1] = (byte)(packet.Length % 255);
        packet.CopyTo(destination[(OggPage.HeaderLength + segments)..]);
        WriteHeaderAndCrc(destination[..total], headerType, granulePosition, serial, sequence, segments);
        return total;
    }

    /// <summary>
    /// Fills the 27-byte header of a page whose lacing values and body are already in place in
    /// <paramref name="page"/> (exactly the page's bytes), then stores the CRC.
    /// </summary>
    internal static void WriteHeaderAndCrc(
        Span<byte> page,
        OggHeaderType headerType,
        ulong granulePosition,
        uint serial,
        uint sequence,
        int segmentCount)
    {
        "OggS"u8.CopyTo(page);
        page[4] = 0; // stream_structure_version
        page[5] = (byte)headerType;
        BinaryPrimitives.WriteUInt64LittleEndian(page[6..], granulePosition);
        BinaryPrimitives.WriteUInt32LittleEndian(page[14..], serial);
        BinaryPrimitives.WriteUInt32LittleEndian(page[18..], sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(page[22..], 0);
        page[26] = (byte)segmentCount;
        BinaryPrimitives.WriteUInt32LittleEndian(page[22..], OggCrc.Compute(page));
    }

    private static void CheckSinglePageLength(int packetLength)
    {
        if (packetLength < 0 || packetLength > OggPage.MaxSinglePagePacketLength)
        {
            throw new ArgumentOutOfRangeException(nameof(packetLength), packetLength,
                $"A packet on a single page holds 0 to {OggPage.MaxSinglePagePacketLength} bytes.");
        }
    }
}
