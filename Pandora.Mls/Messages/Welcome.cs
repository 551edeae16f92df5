using Pandora.Mls.Codec;
using Pandora.Mls.Crypto;

namespace Pandora.Mls.Messages;

/// <summary>GroupContext (RFC 9420 §8.1).</summary>
public sealed class GroupContext
{
    public ushort Version { get; init; } = 1;

    public ushort CipherSuite { get; init; } = MlsCrypto.CipherSuite;

    public byte[] GroupId { get; init; } = [];

    public ulong Epoch { get; init; }

    public byte[] TreeHash { get; init; } = [];

    public byte[] ConfirmedTranscriptHash { get; init; } = [];

    public List<Extension> Extensions { get; init; } = [];

    public static GroupContext Read(TlsReader r) => new()
    {
        Version = r.ReadU16(),
        CipherSuite = r.ReadU16(),
        GroupId = r.ReadOpaque(),
        Epoch = r.ReadU64(),
        TreeHash = r.ReadOpaque(),
        ConfirmedTranscriptHash = r.ReadOpaque(),
        Extensions = Extension.ReadList(r),
    };

    public void Write(TlsWriter w)
    {
        w.WriteU16(Version);
        w.WriteU16(CipherSuite);
        w.WriteOpaque(GroupId);
        w.WriteU64(Epoch);
        w.WriteOpaque(TreeHash);
        w.WriteOpaque(ConfirmedTranscriptHash);
        Extension.WriteList(w, Extensions);
    }

    public byte[] Encode() => TlsWriter.Encode(Write);
}

/// <summary>GroupInfo (RFC 9420 §12.4.3).</summary>
public sealed class GroupInfo
{
    public GroupContext GroupContext { get; init; } = new();

    public List<Extension> Extensions { get; init; } = [];

    public byte[] ConfirmationTag { get; init; } = [];

    public uint Signer { get; init; }

    public byte[] Signature { get; set; } = [];

    public static GroupInfo Read(TlsReader r) => new()
    {
        GroupContext = GroupContext.Read(r),
        Extensions = Extension.ReadList(r),
        ConfirmationTag = r.ReadOpaque(),
        Signer = r.ReadU32(),
        Signature = r.ReadOpaque(),
    };

    public void Write(TlsWriter w)
    {
        WriteTbs(w);
        w.WriteOpaque(Signature);
    }

    public byte[] Encode() => TlsWriter.Encode(Write);

    /// <summary>GroupInfoTBS: everything before the signature.</summary>
    public byte[] ToBeSigned() => TlsWriter.Encode(WriteTbs);

    private void WriteTbs(TlsWriter w)
    {
        GroupContext.Write(w);
        Extension.WriteList(w, Extensions);
        w.WriteOpaque(ConfirmationTag);
        w.WriteU32(Signer);
    }
}

/// <summary>EncryptedGroupSecrets (RFC 9420 §12.4.3.1).</summary>
public sealed record EncryptedGroupSecrets(byte[] NewMember, HpkeCiphertext EncryptedSecrets)
{
    public static EncryptedGroupSecrets Read(TlsReader r) => new(r.ReadOpaque(), HpkeCiphertext.Read(r));

    public void Write(TlsWriter w)
    {
        w.WriteOpaque(NewMember);
        EncryptedSecrets.Write(w);
    }
}

/// <summary>Welcome (RFC 9420 §12.4.3.1).</summary>
public sealed class Welcome
{
    public ushort CipherSuite { get; init; } = MlsCrypto.CipherSuite;

    public List<EncryptedGroupSecrets> Secrets { get; init; } = [];

    public byte[] EncryptedGroupInfo { get; init; } = [];

    public static Welcome Read(TlsReader r) => new()
    {
        CipherSuite = r.ReadU16(),
        Secrets = r.ReadList(EncryptedGroupSecrets.Read),
        EncryptedGroupInfo = r.ReadOpaque(),
    };

    public void Write(TlsWriter w)
    {
        w.WriteU16(CipherSuite);
        w.WriteVector(Secrets, (x, s) => s.Write(x));
        w.WriteOpaque(EncryptedGroupInfo);
    }

    public byte[] Encode() => TlsWriter.Encode(Write);
}

/// <summary>GroupSecrets (RFC 9420 §12.4.3.1).</summary>
public sealed class GroupSecrets
{
    public byte[] JoinerSecret { get; init; } = [];

    public byte[]? PathSecret { get; init; }

    public List<PreSharedKeyId> Psks { get; init; } = [];

    public static GroupSecrets Read(TlsReader r) => new()
    {
        JoinerSecret = r.ReadOpaque(),
        PathSecret = r.ReadOptional(x => x.ReadOpaque()),
        Psks = r.ReadList(PreSharedKeyId.Read),
    };

    public void Write(TlsWriter w)
    {
        w.WriteOpaque(JoinerSecret);
        w.WriteOptional(PathSecret, (x, p) => x.WriteOpaque(p));
        w.WriteVector(Psks, (x, p) => p.Write(x));
    }
}
