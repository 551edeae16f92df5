using Pandora.Mls.Codec;

namespace Pandora.Mls.Messages;

/// <summary>MLSMessage (RFC 9420 §6): version, wire format and one body.</summary>
public sealed class MlsMessage
{
    public WireFormat WireFormat { get; init; }

    public PublicMessage? PublicMessage { get; init; }

    public PrivateMessage? PrivateMessage { get; init; }

    public Welcome? Welcome { get; init; }

    public GroupInfo? GroupInfo { get; init; }

    public KeyPackage? KeyPackage { get; init; }

    public static MlsMessage Decode(ReadOnlyMemory<byte> data) => TlsReader.DecodeAll(data, Read);

    public static MlsMessage Read(TlsReader r)
    {
        var version = r.ReadU16();
        MlsException.ThrowIf(version != 1, MlsErrorKind.UnsupportedVersionOrSuite, $"protocol version {version}");
        var format = r.ReadU16();
        return format switch
        {
            1 => new MlsMessage { WireFormat = WireFormat.PublicMessage, PublicMessage = PublicMessage.Read(r) },
            2 => new MlsMessage { WireFormat = WireFormat.PrivateMessage, PrivateMessage = PrivateMessage.Read(r) },
            3 => new MlsMessage { WireFormat = WireFormat.Welcome, Welcome = Welcome.Read(r) },
            4 => new MlsMessage { WireFormat = WireFormat.GroupInfo, GroupInfo = GroupInfo.Read(r) },
            5 => new MlsMessage { WireFormat = WireFormat.KeyPackage, KeyPackage = KeyPackage.Read(r) },
            _ => throw new MlsException(MlsErrorKind.InvalidValue, $"wire format {format}"),
        };
    }

    public void Write(TlsWriter w)
    {
        w.WriteU16(1);
        w.WriteU16((ushort)WireFormat);
        switch (WireFormat)
        {
            case WireFormat.PublicMessage:
                PublicMessage!.Write(w);
                break;

            case WireFormat.PrivateMessage:
                PrivateMessage!.Write(w);
                break;

            case WireFormat.Welcome:
                Welcome!.Write(w);
                break;

            case WireFormat.GroupInfo:
                GroupInfo!.Write(w);
                break;

            case WireFormat.KeyPackage:
                KeyPackage!.Write(w);
                break;
        }
    }

    public byte[] Encode() => TlsWriter.Encode(Write);
}
