using Pandora.Mls.Codec;
using Pandora.Mls.Crypto;

namespace Pandora.Mls.Messages;

/// <summary>KeyPackage (RFC 9420 §10).</summary>
public sealed class KeyPackage
{
    public ushort Version { get; set; } = 1;

    public ushort CipherSuite { get; set; } = MlsCrypto.CipherSuite;

    public byte[] InitKey { get; set; } = [];

    public LeafNode LeafNode { get; set; } = new();

    public List<Extension> Extensions { get; set; } = [];

    public byte[] Signature { get; set; } = [];

    public static KeyPackage Read(TlsReader r) => new()
    {
        Version = r.ReadU16(),
        CipherSuite = r.ReadU16(),
        InitKey = r.ReadOpaque(),
        LeafNode = LeafNode.Read(r),
        Extensions = Extension.ReadList(r),
        Signature = r.ReadOpaque(),
    };

    public void Write(TlsWriter w)
    {
        WriteContent(w);
        w.WriteOpaque(Signature);
    }

    public byte[] Encode() => TlsWriter.Encode(Write);

    /// <summary>KeyPackageRef = RefHash("MLS 1.0 KeyPackage Reference", KeyPackage) (RFC 9420 §5.2).</summary>
    public byte[] Ref() => MlsCrypto.RefHash("MLS 1.0 KeyPackage Reference", Encode());

    public void Sign(ReadOnlySpan<byte> signaturePrivateKey) =>
        Signature = MlsCrypto.SignWithLabel(signaturePrivateKey, "KeyPackageTBS", TlsWriter.Encode(WriteContent));

    /// <summary>
    /// Validates per RFC 9420 §10.1: version and suite, both signatures, init key distinct from the encryption key,
    /// leaf source key_package. Lifetimes are deliberately not checked (Discord leaves span all time).
    /// </summary>
    public void Validate()
    {
        MlsException.ThrowIf(
            Version != 1 || CipherSuite != MlsCrypto.CipherSuite,
            MlsErrorKind.UnsupportedVersionOrSuite,
            "key package is not MLS 1.0 suite 2");
        MlsException.ThrowIf(
            LeafNode.Source != LeafNodeSource.KeyPackage,
            MlsErrorKind.BadLeafNode,
            "key package leaf source is not key_package");
        MlsCrypto.VerifyWithLabelOrThrow(
            LeafNode.SignatureKey,
            "KeyPackageTBS",
            TlsWriter.Encode(WriteContent),
            Signature,
            "key package");
        MlsException.ThrowIf(
            !LeafNode.VerifySignature(default, 0),
            MlsErrorKind.BadSignature,
            "key package leaf node signature does not verify");
        MlsException.ThrowIf(
            InitKey.AsSpan().SequenceEqual(LeafNode.EncryptionKey),
            MlsErrorKind.BadLeafNode,
            "init key equals the leaf encryption key");
    }

    private void WriteContent(TlsWriter w)
    {
        w.WriteU16(Version);
        w.WriteU16(CipherSuite);
        w.WriteOpaque(InitKey);
        LeafNode.Write(w);
        Extension.WriteList(w, Extensions);
    }
}
