using System.Buffers.Binary;

namespace Pandora.Cooking.Ogg;

/// <summary>
/// The Ogg Opus identification header (RFC 7845 §5.1). <see cref="Raw"/> is the header the raw format writes for
/// every track: version 1, 2 channels, pre-skip 3840, input rate 48000, gain 0, mapping family 0.
/// </summary>
public readonly record struct OpusHead(
    byte Version,
    byte Channels,
    ushort PreSkip,
    uint InputSampleRate,
    short OutputGain,
    byte MappingFamily)
{
    /// <summary>Length of a family-0 header.</summary>
    public const int Length = 19;

    private static ReadOnlySpan<byte> Magic => "OpusHead"u8;

    public static OpusHead Raw => new(1, 2, 3840, 48000, 0, 0);

    /// <summary>The header as a 19-byte packet. Only mapping family 0 is supported.</summary>
    /// <exception cref="NotSupportedException">The mapping family is not 0.</exception>
    public byte[] ToPacket()
    {
        if (MappingFamily != 0)
        {
            throw new NotSupportedException("Only channel mapping family 0 is written.");
        }

        var packet = new byte[Length];
        Magic.CopyTo(packet);
        packet[8] = Version;
        packet[9] = Channels;
        BinaryPrimitives.WriteUInt16LittleEndian(packet.AsSpan(10), PreSkip);
        BinaryPrimitives.WriteUInt32LittleEndian(packet.AsSpan(12), InputSampleRate);
        BinaryPrimitives.WriteInt16LittleEndian(packet.AsSpan(16), OutputGain);
        packet[18] = MappingFamily;
        return packet;
    }

    /// <summary>
    /// Parses an identification header. Fails on a wrong magic, a packet shorter than 19 bytes, a major version
    /// other than 0 (RFC 7845 §5.1: versions 0-15 are compatible) or zero channels.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out OpusHead head)
    {
        head = default;
        if (packet.Length < Length || !packet.StartsWith(Magic) || (packet[8] >> 4) != 0 || packet[9] == 0)
        {
            return false;
        }

        head = new OpusHead(
            packet[8],
            packet[9],
            BinaryPrimitives.ReadUInt16LittleEndian(packet[10..]),
            BinaryPrimitives.ReadUInt32LittleEndian(packet[12..]),
            BinaryPrimitives.ReadInt16LittleEndian(packet[16..]),
            packet[18]);
        return true;
    }
}
