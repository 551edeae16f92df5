using System.Buffers.Binary;

namespace Pandora.Cooking.Ogg;

/// <summary>
/// Reads Ogg pages (RFC 3533 §6) from a stream and never throws on bad input: a page that fails validation
/// (capture pattern, version 0, known flags, lacing within the input, CRC) is counted and skipped by searching for
/// the next <c>OggS</c>. Page lengths come from the lacing values, so at most 65,025 body bytes; a body array is
/// allocated only after the page's CRC has matched. Not thread-safe. Disposing it disposes the stream unless
/// <c>leaveOpen</c>.
/// </summary>
public sealed class OggPageReader : IDisposable
{
    private static ReadOnlySpan<byte> CapturePattern => "OggS"u8;

    private readonly Stream _input;
    private readonly bool _leaveOpen;
    private readonly byte[] _buffer = new byte[2 * OggPage.MaxPageLength];
    private int _start;
    private int _end;
    private bool _eof;
    private long _pages;
    private long _corruptPages;
    private long _skippedBytes;

    public OggPageReader(Stream input, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        _input = input;
        _leaveOpen = leaveOpen;
    }

    public OggReaderStats Stats => new(_pages, _corruptPages, _skippedBytes);

    /// <summary>Reads the next valid page; false at the end of the input.</summary>
    /// <exception cref="IOException">The underlying stream failed.</exception>
    public bool TryReadPage(out OggPage page)
    {
        while (true)
        {
            if (!SeekCapturePattern())
            {
                page = default;
                return false;
            }

            if (TryParseAt(out page))
            {
                _pages++;
                return true;
            }

            // Not a valid page here: drop the 'O' and look for the next capture pattern.
            _corruptPages++;
            _skippedBytes++;
            _start++;
        }
    }

    /// <summary>Reads all remaining valid pages.</summary>
    public IEnumerable<OggPage> ReadPages()
    {
        while (TryReadPage(out OggPage page))
        {
            yield return page;
        }
    }

    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _input.Dispose();
        }
    }

    // Leaves _start on an "OggS"; false when the input ends first. Bytes passed over are counted as skipped.
    private bool SeekCapturePattern()
    {
        while (true)
        {
            Fill(OggPage.HeaderLength);
            ReadOnlySpan<byte> available = _buffer.AsSpan(_start, _end - _start);
            int at = available.IndexOf(CapturePattern);
            if (at >= 0)
            {
                _skippedBytes += at;
                _start += at;
                return true;
            }

            // Keep the last three bytes: they may be the start of a pattern split across reads.
            int keep = Math.Min(available.Length, CapturePattern.Length - 1);
            _skippedBytes += available.Length - keep;
            _start = _end - keep;
            if (_eof)
            {
                _skippedBytes += keep;
                _start = _end;
                return false;
            }
        }
    }

    // Page layout (RFC 3533 §6):
    //   0 "OggS" | 4 version=0 | 5 header_type | 6 granule u64 LE | 14 serial u32 LE | 18 sequence u32 LE
    //   22 CRC u32 LE | 26 page_segments | 27 lacing values[page_segments] | body (sum of lacing values)
    private bool TryParseAt(out OggPage page)
    {
        page = default;
        if (!Fill(OggPage.HeaderLength))
        {
            return false;
        }

        ReadOnlySpan<byte> header = _buffer.AsSpan(_start, OggPage.HeaderLength);
        if (header[4] != 0 || (header[5] & 0xF8) != 0)
        {
            return false;
        }

        int segments = header[26];
        if (!Fill(OggPage.HeaderLength + segments))
        {
            return false;
        }

        ReadOnlySpan<byte> lacing = _buffer.AsSpan(_start + OggPage.HeaderLength, segments);
        int bodyLength = 0;
        foreach (byte value in lacing)
        {
            bodyLength += value;
        }

        int total = OggPage.HeaderLength + segments + bodyLength;
        if (!Fill(total))
        {
            return false;
        }

        ReadOnlySpan<byte> bytes = _buffer.AsSpan(_start, total);
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(bytes[22..]);
        uint crc = OggCrc.Update(0, bytes[..22]);
        crc = OggCrc.Update(crc, [0, 0, 0, 0]);
        crc = OggCrc.Update(crc, bytes[26..]);
        if (crc != stored)
        {
            return false;
        }

        byte[] body = bytes[(OggPage.HeaderLength + segments)..].ToArray();
        bool complete = segments == 0 || lacing[^1] != 255;
        page = new OggPage(
            (OggHeaderType)bytes[5],
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[6..]),
            BinaryPrimitives.ReadUInt32LittleEndian(bytes[14..]),
            BinaryPrimitives.ReadUInt32LittleEndian(bytes[18..]),
            body,
            complete);
        _start += total;
        return true;
    }

    // Makes at least `count` bytes available from _start when the input has them.
    private bool Fill(int count)
    {
        if (_end - _start >= count)
        {
            return true;
        }

        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        while (!_eof && _end < count)
        {
            int read = _input.Read(_buffer, _end, _buffer.Length - _end);
            if (read == 0)
            {
                _eof = true;
            }

            _end += read;
        }

        return _end - _start >= count;
    }
}
