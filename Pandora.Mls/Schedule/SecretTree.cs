using Pandora.Mls.Crypto;
using Pandora.Mls.Tree;

namespace Pandora.Mls.Schedule;

/// <summary>
/// The secret tree (RFC 9420 §9) for PrivateMessage keys. This class derives keys for any generation on demand
/// from the leaf secret without forward-secret deletion: it is enough for checking vectors and for a passive
/// recorder (DAVE sends handshakes as PublicMessage), but a sender needing forward secrecy must delete consumed
/// ratchet secrets, which it does not.
/// </summary>
public sealed class SecretTree
{
    private readonly byte[] _encryptionSecret;
    private readonly uint _leafCount;

    public SecretTree(byte[] encryptionSecret, uint leafCount)
    {
        _encryptionSecret = encryptionSecret;
        _leafCount = leafCount;
    }

    /// <summary>The leaf secret, derived down from the root via "tree"/"left"|"right".</summary>
    public byte[] LeafSecret(uint leafIndex)
    {
        MlsException.ThrowIf(leafIndex >= _leafCount, MlsErrorKind.BadSender, "leaf outside the secret tree");
        var target = leafIndex * 2;
        var node = TreeMath.Root(_leafCount);
        var secret = _encryptionSecret;
        while (node != target)
        {
            var goLeft = target < node;
            secret = MlsCrypto.ExpandWithLabel(secret, "tree", goLeft ? "left"u8 : "right"u8, MlsCrypto.HashLength);
            node = goLeft ? TreeMath.Left(node) : TreeMath.Right(node);
        }

        return secret;
    }

    /// <summary>Key and nonce of a leaf's ratchet at a generation.</summary>
    public (byte[] Key, byte[] Nonce) KeyAndNonce(uint leafIndex, RatchetKind kind, uint generation)
    {
        var secret = MlsCrypto.ExpandWithLabel(
            LeafSecret(leafIndex),
            kind == RatchetKind.Handshake ? "handshake" : "application",
            default,
            MlsCrypto.HashLength);
        for (uint g = 0; g < generation; g++)
        {
            secret = MlsCrypto.DeriveTreeSecret(secret, "secret", g, MlsCrypto.HashLength);
        }

        return (
            MlsCrypto.DeriveTreeSecret(secret, "key", generation, MlsCrypto.AeadKeyLength),
            MlsCrypto.DeriveTreeSecret(secret, "nonce", generation, MlsCrypto.AeadNonceLength));
    }

    /// <summary>Sender-data key and nonce from the ciphertext sample (RFC 9420 §6.3.2).</summary>
    public static (
        byte[] Key,
        byte[] Nonce) SenderDataKeyAndNonce(byte[] senderDataSecret, ReadOnlySpan<byte> ciphertext)
    {
        var sample = ciphertext[..Math.Min(ciphertext.Length, MlsCrypto.HashLength)];
        return (
            MlsCrypto.ExpandWithLabel(senderDataSecret, "key", sample, MlsCrypto.AeadKeyLength),
            MlsCrypto.ExpandWithLabel(senderDataSecret, "nonce", sample, MlsCrypto.AeadNonceLength));
    }
}
