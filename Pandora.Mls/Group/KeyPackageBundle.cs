using Pandora.Mls.Crypto;
using Pandora.Mls.Messages;

namespace Pandora.Mls.Group;

/// <summary>
/// A KeyPackage with its three private keys (init, leaf encryption, signature). Holds secrets; use once.
/// </summary>
public sealed class KeyPackageBundle
{
    public KeyPackageBundle(
        KeyPackage keyPackage,
        byte[] initPrivateKey,
        byte[] encryptionPrivateKey,
        byte[] signaturePrivateKey)
    {
        KeyPackage = keyPackage;
        InitPrivateKey = initPrivateKey;
        EncryptionPrivateKey = encryptionPrivateKey;
        SignaturePrivateKey = signaturePrivateKey;
    }

    public KeyPackage KeyPackage { get; }

    public byte[] InitPrivateKey { get; }

    public byte[] EncryptionPrivateKey { get; }

    public byte[] SignaturePrivateKey { get; }

    /// <summary>
    /// Creates a fresh, signed key package with a basic credential, the DAVE capabilities (version 1, suite 2,
    /// basic credentials) and a lifetime spanning all time. A new signature key is made unless one is given.
    /// </summary>
    public static KeyPackageBundle Create(byte[] identity, byte[]? signaturePrivateKey = null)
    {
        signaturePrivateKey ??= MlsCrypto.GenerateKeyPair().PrivateKey;
        var (initPriv, initPub) = MlsCrypto.GenerateKeyPair();
        var (encPriv, encPub) = MlsCrypto.GenerateKeyPair();
        var leaf = new LeafNode
        {
            EncryptionKey = encPub,
            SignatureKey = MlsCrypto.PublicKeyOf(signaturePrivateKey),
            Credential = Credential.Basic(identity),
            Source = LeafNodeSource.KeyPackage,
            NotBefore = 0,
            NotAfter = ulong.MaxValue,
        };
        leaf.Sign(signaturePrivateKey, default, 0);
        var keyPackage = new KeyPackage { InitKey = initPub, LeafNode = leaf };
        keyPackage.Sign(signaturePrivateKey);
        return new KeyPackageBundle(keyPackage, initPriv, encPriv, signaturePrivateKey);
    }
}
