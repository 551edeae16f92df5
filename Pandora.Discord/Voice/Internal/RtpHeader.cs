using System.Buffers.Binary;

namespace Pandora.Discord.Voice.Internal;

/// <summary>
/// The fixed RTP header plus CSRCs and the extension preamble (brief §3.3):
/// <c>V=2 P X CC | M PT | seq u16 | timestamp u32 | ssrc u32 | csrc[CC] | [profile u16, length u16]</c>.
/// </summary>
internal readonly record struct RtpHeader(
    bool Padding,
    bool Extension,
    int CsrcCount,
    bool Marker,
    byte PayloadType,
    ushort Sequence,
    uint Timestamp,
    uint Ssrc,
    int ExtensionWords)
{
    public const int FixedSize = 12;

    /// <summary>The "rtpsize" header: fixed part, CSRCs and the extension preamble (not its body).</summary>
    public int Length => FixedSize + (4 * CsrcCount) + (Extension ? 4 : 0);

    /// <summary>Parses the header; false when the datagram is shorter than the header it announces
    /// or the version is not 2.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out RtpHeader header)
    {
        header = default;
        if (data.Length < FixedSize || data[0] >> 6 != 2)
        {
            return false;
        }

        var csrc = data[0] & 0x0F;
        var extension = (data[0] & 0x10) != 0;
        var length = FixedSize + (4 * csrc) + (extension ? 4 : 0);
        if (data.Length < length)
        {
            return false;
        }

        var words = extension ? BinaryPrimitives.ReadUInt16BigEndian(data[(length - 2)..]) : 0;
        header = new RtpHeader(
            Padding: (data[0] & 0x20) != 0,
            Extension: extension,
            CsrcCount: csrc,
            Marker: (data[1] & 0x80) != 0,
            PayloadType: (byte)(data[1] & 0x7F),
            Sequence: BinaryPrimitives.ReadUInt16BigEndian(data[2..]),
            Timestamp: BinaryPrimitives.ReadUInt32BigEndian(data[4..]),
            Ssrc: BinaryPrimitives.ReadUInt32BigEndian(data[8..]),
            ExtensionWords: words);
        return true;
    }
}
