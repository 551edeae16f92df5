using System.Buffers.Binary;
using System.Text;

namespace Pandora.Discord.Voice.Internal;

/// <summary>
/// IP discovery (brief §3.1), 74 bytes, big-endian: <c>type u16 | length u16 = 70 | ssrc u32 |
/// address char[64] NUL-terminated | port u16</c>. Request type 1, response type 2.
/// </summary>
internal static class IpDiscovery
{
    public const int PacketSize = 74;
    public const ushort RequestType = 1;
    public const ushort ResponseType = 2;
    private const int AddressOffset = 8;
    private const int AddressSize = 64;
    private const int PortOffset = 72;

    public static void WriteRequest(Span<byte> destination, uint ssrc)
    {
        var packet = destination[..PacketSize];
        packet.Clear();
        BinaryPrimitives.WriteUInt16BigEndian(packet, RequestType);
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], PacketSize - 4);
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], ssrc);
    }

    /// <summary>Writes a response (used by test servers and the emulator).</summary>
    public static void WriteResponse(Span<byte> destination, uint ssrc, string address, ushort port)
    {
        var packet = destination[..PacketSize];
        packet.Clear();
        BinaryPrimitives.WriteUInt16BigEndian(packet, ResponseType);
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], PacketSize - 4);
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], ssrc);
        Encoding.ASCII.GetBytes(address, packet.Slice(AddressOffset, AddressSize - 1));
        BinaryPrimitives.WriteUInt16BigEndian(packet[PortOffset..], port);
    }

    public static bool TryParseResponse(ReadOnlySpan<byte> data, out uint ssrc, out string address, out ushort port)
    {
        ssrc = 0;
        address = string.Empty;
        port = 0;
        if (data.Length != PacketSize || BinaryPrimitives.ReadUInt16BigEndian(data) != ResponseType)
        {
            return false;
        }

        var field = data.Slice(AddressOffset, AddressSize);
        var end = field.IndexOf((byte)0);
        if (end <= 0)
        {
            return false;
        }

        ssrc = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        address = Encoding.ASCII.GetString(field[..end]);
        port = BinaryPrimitives.ReadUInt16BigEndian(data[PortOffset..]);
        return true;
    }
}
