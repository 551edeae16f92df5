using Pandora.Mls.Codec;
using Pandora.Mls.Crypto;

namespace Pandora.Mls.Messages;

/// <summary>LeafNode (RFC 9420 §7.2): a member's keys, credential and signature.</summary>
public sealed class LeafNode
{
    public byte[] EncryptionKey { get; set; } = [];

    public byte[] SignatureKey { get; set; } = [];

    public Credential Credential { get; set; } = new();

    public Capabilities Capabilities { get; set; } = new();

    public LeafNodeSource Source { get; set; } = LeafNodeSource.KeyPackage;

    /// <summary>Lifetime not_before (seconds since the epoch), present when the source is key_package.</summary>
    public ulong NotBefore { get; set; }

    /// <summary>Lifetime not_after, present when the source is key_package.</summary>
    public ulong NotAfter { get; set; } = ulong.MaxValue;

    /// <summary>parent_hash, present when the source is commit.</summary>
    public byte[] ParentHash { get; set; } = [];

    public List<Extension> Extensions { get; set; } = [];

    public byte[] Signature { get; set; } = [];

    public static LeafNode Read(TlsReader r)
    {
        var node = new LeafNode
        {
            EncryptionKey = r.ReadOpaque(),
            SignatureKey = r.ReadOpaque(),
            Credential = Credential.Read(r),
            Capabilities = Capabilities.Read(r),
        };
        var source = r.ReadU8();
        switch (source)
        {
            case 1:
                node.NotBefore = r.ReadU64();
                node.NotAfter = r.ReadU64();
                break;

            case 2:
                break;

            case 3:
                node.ParentHash = r.ReadOpaque();
                break;

            default:
                MlsException.Throw(MlsErrorKind.InvalidValue, $"leaf node source {source}");
                break;
        }

        node.Source = (LeafNodeSource)source;
        node.Extensions = Extension.ReadList(r);
        node.Signature = r.ReadOpaque();
        return node;
    }

    public void Write(TlsWriter w)
    {
        WriteContent(w);
        w.WriteOpaque(Signature);
    }

    public byte[] Encode() => TlsWriter.Encode(Write);

    /// <summary>LeafNodeTBS (RFC 9420 §7.2): the content plus group_id and leaf_index for update/commit
    /// sources.</summary>
    public byte[] ToBeSigned(ReadOnlySpan<byte> groupId, uint leafIndex)
    {
        var w = new TlsWriter();
        WriteContent(w);
        if (Source != LeafNodeSource.KeyPackage)
        {
            w.WriteOpaque(groupId);
            w.WriteU32(leafIndex);
        }

        return w.ToArray();
    }

    public void Sign(ReadOnlySpan<byte> signaturePrivateKey, ReadOnlySpan<byte> groupId, uint leafIndex) =>
        Signature = MlsCrypto.SignWithLabel(signaturePrivateKey, "LeafNodeTBS", ToBeSigned(groupId, leafIndex));

    public bool VerifySignature(ReadOnlySpan<byte> groupId, uint leafIndex) =>
        MlsCrypto.VerifyWithLabel(SignatureKey, "LeafNodeTBS", ToBeSigned(groupId, leafIndex), Signature);

    public LeafNode Clone() => TlsReader.DecodeAll(Encode(), Read);

    private void WriteContent(TlsWriter w)
    {
        w.WriteOpaque(EncryptionKey);
        w.WriteOpaque(SignatureKey);
        Credential.Write(w);
        Capabilities.Write(w);
        w.WriteU8((byte)Source);
        switch (Source)
        {
            case LeafNodeSource.KeyPackage:
                w.WriteU64(NotBefore);
                w.WriteU64(NotAfter);
                break;

            case LeafNodeSource.Commit:
                w.WriteOpaque(ParentHash);
                break;
        }

        Extension.WriteList(w, Extensions);
    }
}
