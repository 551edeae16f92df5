using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Pandora.Cooking.Ogg;

/// <summary>The Ogg Opus comment header (RFC 7845 §5.2): a vendor string and <c>NAME=value</c> comments.</summary>
public sealed record OpusTags(string Vendor, IReadOnlyList<string> Comments)
{
    /// <summary>Largest header <see cref="TryParse"/> accepts; the raw format's are a few dozen bytes.</summary>
    public const int MaxLength = 1 << 20;

    private static ReadOnlySpan<byte> Magic => "OpusTags"u8;

    public OpusTags(string vendor)
        : this(vendor, [])
    {
    }

    /// <summary>The header as a packet, UTF-8 strings with 32-bit little-endian lengths.</summary>
    public byte[] ToPacket()
    {
        byte[] vendor = Encoding.UTF8.GetBytes(Vendor);
        byte[][] comments = Comments.Select(Encoding.UTF8.GetBytes).ToArray();
        var packet = new byte[8 + 4 + vendor.Length + 4 + comments.Sum(c => 4 + c.Length)];
        Magic.CopyTo(packet);
        int at = 8;
        at = WriteString(packet, at, vendor);
        BinaryPrimitives.WriteUInt32LittleEndian(packet.AsSpan(at), (uint)comments.Length);
        at += 4;
        foreach (byte[] comment in comments)
        {
            at = WriteString(packet, at, comment);
        }

        return packet;
    }

    /// <summary>
    /// Parses a comment header, checking every length against the bytes left before reading the string. Bytes after
    /// the last comment are ignored (Pandora's writer leaves one there).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, [NotNullWhen(true)] out OpusTags? tags)
    {
        tags = null;
        if (packet.Length > MaxLength || !packet.StartsWith(Magic))
        {
            return false;
        }

        ReadOnlySpan<byte> rest = packet[8..];
        if (!TryReadString(ref rest, out string? vendor) || rest.Length < 4)
        {
            return false;
        }

        uint count = BinaryPrimitives.ReadUInt32LittleEndian(rest);
        rest = rest[4..];

        // Each comment needs at least its 4-byte length, so a count beyond that is a lie.
        if (count > (uint)rest.Length / 4)
        {
            return false;
        }

        var comments = new List<string>((int)count);
        for (uint i = 0; i < count; i++)
        {
            if (!TryReadString(ref rest, out string? comment))
            {
                return false;
            }

            comments.Add(comment);
        }

        tags = new OpusTags(vendor, comments);
        return true;
    }

    private static int WriteString(byte[] packet, int at, byte[] value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(packet.AsSpan(at), (uint)value.Length);
        value.CopyTo(packet, at + 4);
        return at + 4 + value.Length;
    }

    private static bool TryReadString(ref ReadOnlySpan<byte> rest, [NotNullWhen(true)] out string? value)
    {
        value = null;
        if (rest.Length < 4)
        {
            return false;
        }

        uint length = BinaryPrimitives.ReadUInt32LittleEndian(rest);
        if (length > (uint)rest.Length - 4)
        {
            return false;
        }

        value = Encoding.UTF8.GetString(rest.Slice(4, (int)length));
        rest = rest[(4 + (int)length)..];
        return true;
    }
}
