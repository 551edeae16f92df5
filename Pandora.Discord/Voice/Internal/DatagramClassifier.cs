using System.Buffers.Binary;

namespace Pandora.Discord.Voice.Internal;

/// <summary>Sorts datagrams before any parsing (brief §3.2).</summary>
internal static class DatagramClassifier
{
    public const byte OpusPayloadType = 0x78;

    public static DatagramKind Classify(ReadOnlySpan<byte> data)
    {
        if (data.Length == KeepAlive.Size)
        {
            return DatagramKind.KeepAlive;
        }

        if (data.Length < RtpHeader.FixedSize)
        {
            return DatagramKind.Short;
        }

        if (data.Length == IpDiscovery.PacketSize && BinaryPrimitives.ReadUInt16BigEndian(data) == 2)
        {
            return DatagramKind.IpDiscovery;
        }

        if (data[0] >> 6 != 2)
        {
            return DatagramKind.NotRtp;
        }

        // RTCP reuses the byte where RTP keeps M|PT: 200-204 (and the rest of 192-223) are RTCP types.
        if (data[1] is >= 192 and <= 223)
        {
            return DatagramKind.Rtcp;
        }

        return (data[1] & 0x7F) == OpusPayloadType ? DatagramKind.Audio : DatagramKind.OtherPayload;
    }
}
