namespace Pandora.Cooking.Ogg;

/// <summary>
/// Writes one logical Ogg bitstream to a <see cref="Stream"/>. Packets are gathered on a page, up to
/// <c>maxPacketsPerPage</c> and 255 lacing values (RFC 3533 §6); a packet too long for one page continues on
/// following pages (continuation flag set, granule -1 on pages where no packet ends). A page's granule is that of
/// the last packet ending on it. The first page gets BOS; the packet written with <c>endOfStream</c> closes the
/// stream on a page with EOS. Call <see cref="Flush"/> to push a partly filled page. Not thread-safe; the stream
/// stays owned by the caller.
/// </summary>
public sealed class OggStreamWriter
{
    private readonly Stream _output;
    private readonly int _maxPacketsPerPage;
    private readonly byte[] _lacing = new byte[255];
    private readonly byte[] _body = new byte[255 * 255];
    private readonly byte[] _page = new byte[OggPage.MaxPageLength];
    private int _lacingCount;
    private int _bodyLength;
    private int _packetsOnPage;
    private ulong _pageGranule = OggPage.NoGranule;
    private bool _continued;
    private bool _started;

    public OggStreamWriter(Stream output, uint serial, uint firstSequence = 0, int maxPacketsPerPage = 1)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPacketsPerPage, 1);
        _output = output;
        _maxPacketsPerPage = maxPacketsPerPage;
        Serial = serial;
        NextSequence = firstSequence;
    }

    public uint Serial { get; }

    /// <summary>Sequence number the next page will get.</summary>
    public uint NextSequence { get; private set; }

    /// <summary>Adds <paramref name="packet"/>, which ends at <paramref name="granulePosition"/>.</summary>
    public void WritePacket(ReadOnlySpan<byte> packet, ulong granulePosition, bool endOfStream = false)
    {
        int lacingNeeded = (packet.Length / 255) + 1;
        if (_packetsOnPage > 0 && _lacingCount + lacingNeeded > 255)
        {
            EmitPage(endOfStream: false);
        }

        int remaining = packet.Length;
        int done = 0;
        while (true)
        {
            // Full 255-byte segments while the page has room, then the final segment (0-254 bytes).
            while (remaining >= 255 && _lacingCount < 255)
            {
                Append(packet.Slice(done, 255));
                done += 255;
                remaining -= 255;
            }

            if (_lacingCount == 255)
            {
                // The page is full and the packet still needs its final lacing value: go on on the next page.
                EmitPage(endOfStream: false);
                _continued = true;
                continue;
            }

            Append(packet.Slice(done, remaining));
            break;
        }

        _packetsOnPage++;
        _pageGranule = granulePosition;
        if (endOfStream || _packetsOnPage >= _maxPacketsPerPage)
        {
            EmitPage(endOfStream);
        }
    }

    /// <summary>Writes the partly filled page, if any.</summary>
    public void Flush()
    {
        if (_lacingCount > 0)
        {
            EmitPage(endOfStream: false);
        }
    }

    private void Append(ReadOnlySpan<byte> segment)
    {
        _lacing[_lacingCount++] = (byte)segment.Length;
        segment.CopyTo(_body.AsSpan(_bodyLength));
        _bodyLength += segment.Length;
    }

    private void EmitPage(bool endOfStream)
    {
        var type = OggHeaderType.None;
        type |= _started ? OggHeaderType.None : OggHeaderType.BeginningOfStream;
        type |= _continued ? OggHeaderType.Continued : OggHeaderType.None;
        type |= endOfStream ? OggHeaderType.EndOfStream : OggHeaderType.None;
        _lacing.AsSpan(0, _lacingCount).CopyTo(_page.AsSpan(OggPage.HeaderLength));
        _body.AsSpan(0, _bodyLength).CopyTo(_page.AsSpan(OggPage.HeaderLength + _lacingCount));
        int total = OggPage.HeaderLength + _lacingCount + _bodyLength;
        ulong granule = _packetsOnPage > 0 ? _pageGranule : OggPage.NoGranule;
        OggPageWriter.WriteHeaderAndCrc(_page.AsSpan(0, total), type, granule, Serial, NextSequence, _lacingCount);
        _output.Write(_page, 0, total);
        _started = true;
        NextSequence++;
        _lacingCount = 0;
        _bodyLength = 0;
        _packetsOnPage = 0;
        _pageGranule = OggPage.NoGranule;
        _continued = false;
    }
}
