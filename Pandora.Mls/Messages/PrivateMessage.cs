using Pandora.Mls.Codec;

namespace Pandora.Mls.Messages;

/// <summary>PrivateMessage (RFC 9420 §6.3), kept as its encrypted fields.</summary>
public sealed class PrivateMessage
{
    public byte[] GroupId { get; init; } = [];

    public ulong Epoch { get; init; }

    public ContentType ContentType { get; init; }

    public byte[] AuthenticatedData { get; init; } = [];

    public byte[] EncryptedSenderData { get; init; } = [];

    public byte[] Ciphertext { get; init; } = [];

    public static PrivateMessage Read(TlsReader r)
    {
        var groupId = r.ReadOpaque();
        var epoch = r.ReadU64();
        var type = r.ReadU8();
        MlsException.ThrowIf(type is < 1 or > 3, MlsErrorKind.InvalidValue, $"content type {type}");
        return new PrivateMessage
        {
            GroupId = groupId,
            Epoch = epoch,
            ContentType = (ContentType)type,
            AuthenticatedData = r.ReadOpaque(),
            EncryptedSenderData = r.ReadOpaque(),
            Ciphertext = r.ReadOpaque(),
        };
    }

    public void Write(TlsWriter w)
    {
        w.WriteOpaque(GroupId);
        w.WriteU64(Epoch);
        w.WriteU8((byte)ContentType);
        w.WriteOpaque(AuthenticatedData);
        w.WriteOpaque(EncryptedSenderData);
        w.WriteOpaque(Ciphertext);
    }
}
