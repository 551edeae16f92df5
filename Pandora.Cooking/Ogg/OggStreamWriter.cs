namespace Pandora.Cooking.Ogg;

/// <summary>
/// Writes one logical Ogg bitstream to a <see cref="Stream"/>: one packet per page, a packet too long for one page
/// continues on following pages (continuation flag set, granule -1 on pages where no packet ends). Sequence
/// numbers count up from the first. Not thread-safe; the stream stays owned by the caller.
/// </summary>
public sealed class OggStreamWriter
{
    private readonly Stream _output;
    private readonly byte[] _page = new byte[OggPage.MaxPageLength];
    private bool _started;

    public OggStreamWriter(Stream output, uint serial, uint firstSequence = 0)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
        Serial = serial;
        NextSequence = firstSequence;
    }

    public uint Serial { get; }

    /// <summary>Sequence number the next page will get.</summary>
    public uint NextSequence { get; private set; }

    /// <summary>
    /// Writes <paramref name="packet"/> ending at <paramref name="granulePosition"/>. The first page of the stream
    /// gets the BOS flag; <paramref name="endOfStream"/> sets EOS on the packet's last page.
    /// </summary>
    public void WritePacket(ReadOnlySpan<byte> packet, ulong granulePosition, bool endOfStream = false)
    {
        int lacingCount = (packet.Length / 255) + 1;
        int lacingDone = 0;
        int bodyDone = 0;
        while (lacingDone < lacingCount)
        {
            int segments = Math.Min(255, lacingCount - lacingDone);
            bool last = lacingDone + segments == lacingCount;
            int bodyLength = last ? packet.Length - bodyDone : segments * 255;
            Span<byte> lacing = _page.AsSpan(OggPage.HeaderLength, segments);
            lacing.Fill(255);
            if (last)
            {
                lacing[^1] = (byte)(packet.Length % 255);
            }

            packet.Slice(bodyDone, bodyLength).CopyTo(_page.AsSpan(OggPage.HeaderLength + segments));
            var type = OggHeaderType.None;
            type |= _started ? OggHeaderType.None : OggHeaderType.BeginningOfStream;
            type |= lacingDone > 0 ? OggHeaderType.Continued : OggHeaderType.None;
            type |= last && endOfStream ? OggHeaderType.EndOfStream : OggHeaderType.None;
            int total = OggPage.HeaderLength + segments + bodyLength;
            ulong granule = last ? granulePosition : OggPage.NoGranule;
            OggPageWriter.WriteHeaderAndCrc(_page.AsSpan(0, total), type, granule, Serial, NextSequence, segments);
            _output.Write(_page, 0, total);
            _started = true;
            NextSequence++;
            lacingDone += segments;
            bodyDone += bodyLength;
        }
    }
}
