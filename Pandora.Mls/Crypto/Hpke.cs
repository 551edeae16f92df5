using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Pandora.Mls.Crypto;

/// <summary>
/// HPKE (RFC 9180) base mode, single shot, for DHKEM(P-256, HKDF-SHA256) + HKDF-SHA256 + AES-128-GCM,
/// the combination of cipher suite 2. Stateless and thread safe.
/// </summary>
public static class Hpke
{
    private static readonly byte[] s_kemSuiteId = [.. "KEM"u8, 0x00, 0x10];
    private static readonly byte[] s_hpkeSuiteId = [.. "HPKE"u8, 0x00, 0x10, 0x00, 0x01, 0x00, 0x01];
    private static readonly byte[] s_version = "HPKE-v1"u8.ToArray();

    private static readonly BigInteger s_order = BigInteger.Parse(
        "0FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551",
        System.Globalization.NumberStyles.HexNumber);

    /// <summary>Encrypts to <paramref name="publicKey"/> with a fresh ephemeral key; returns (enc,
    /// ciphertext‖tag).</summary>
    public static (byte[] Enc, byte[] Ciphertext) Seal(
        ReadOnlySpan<byte> publicKey,
        ReadOnlySpan<byte> info,
        ReadOnlySpan<byte> plaintext)
    {
        var (skE, pkE) = MlsCrypto.GenerateKeyPair();
        return SealWithEphemeral(publicKey, info, plaintext, skE, pkE);
    }

    /// <summary>Seal with a given ephemeral key pair (for deterministic tests).</summary>
    internal static (byte[] Enc, byte[] Ciphertext) SealWithEphemeral(
        ReadOnlySpan<byte> publicKey,
        ReadOnlySpan<byte> info,
        ReadOnlySpan<byte> plaintext,
        byte[] skE,
        byte[] pkE)
    {
        var dh = Dh(skE, publicKey);
        var shared = ExtractAndExpand(dh, [.. pkE, .. publicKey]);
        var (key, nonce) = KeySchedule(shared, info);
        return (pkE, MlsCrypto.AeadSeal(key, nonce, default, plaintext));
    }

    /// <summary>Decrypts; throws <see cref="MlsErrorKind.DecryptionFailed"/> or <see
    /// cref="MlsErrorKind.BadKey"/>.</summary>
    public static byte[] Open(
        ReadOnlySpan<byte> privateKey,
        ReadOnlySpan<byte> info,
        ReadOnlySpan<byte> enc,
        ReadOnlySpan<byte> ciphertext)
    {
        var pkR = MlsCrypto.PublicKeyOf(privateKey);
        var dh = Dh(privateKey, enc);
        var shared = ExtractAndExpand(dh, [.. enc, .. pkR]);
        var (key, nonce) = KeySchedule(shared, info);
        return MlsCrypto.AeadOpen(key, nonce, default, ciphertext);
    }

    /// <summary>DeriveKeyPair (RFC 9180 §7.1.3) for P-256: rejection sampling of candidate scalars.</summary>
    public static (byte[] PrivateKey, byte[] PublicKey) DeriveKeyPair(ReadOnlySpan<byte> ikm)
    {
        var dkpPrk = LabeledExtract(s_kemSuiteId, default, "dkp_prk", ikm);
        for (int counter = 0; counter < 256; counter++)
        {
            var sk = LabeledExpand(s_kemSuiteId, dkpPrk, "candidate", [(byte)counter], 32);
            var value = new BigInteger(sk, isUnsigned: true, isBigEndian: true);
            if (!value.IsZero && value < s_order)
            {
                return (sk, MlsCrypto.PublicKeyOf(sk));
            }
        }

        throw new MlsException(MlsErrorKind.BadKey, "DeriveKeyPair found no valid scalar");
    }

    private static byte[] Dh(ReadOnlySpan<byte> privateKey, ReadOnlySpan<byte> peerPublic)
    {
        MlsException.ThrowIf(
            !MlsCrypto.TryImportPublic(peerPublic, out var peerParameters),
            MlsErrorKind.BadKey,
            "HPKE public key is not an uncompressed P-256 point");
        using var own = MlsCrypto.ImportDhKey(privateKey);
        try
        {
            using var peer = ECDiffieHellman.Create(peerParameters);
            return own.DeriveRawSecretAgreement(peer.PublicKey);
        }
        catch (CryptographicException e)
        {
            throw new MlsException(MlsErrorKind.BadKey, "HPKE public key rejected", e);
        }
    }

    private static byte[] ExtractAndExpand(byte[] dh, byte[] kemContext)
    {
        var eaePrk = LabeledExtract(s_kemSuiteId, default, "eae_prk", dh);
        return LabeledExpand(s_kemSuiteId, eaePrk, "shared_secret", kemContext, 32);
    }

    private static (byte[] Key, byte[] Nonce) KeySchedule(byte[] sharedSecret, ReadOnlySpan<byte> info)
    {
        var pskIdHash = LabeledExtract(s_hpkeSuiteId, default, "psk_id_hash", default);
        var infoHash = LabeledExtract(s_hpkeSuiteId, default, "info_hash", info);
        byte[] context = [0x00, .. pskIdHash, .. infoHash];
        var secret = LabeledExtract(s_hpkeSuiteId, sharedSecret, "secret", default);
        var key = LabeledExpand(s_hpkeSuiteId, secret, "key", context, MlsCrypto.AeadKeyLength);
        var nonce = LabeledExpand(s_hpkeSuiteId, secret, "base_nonce", context, MlsCrypto.AeadNonceLength);
        return (key, nonce);
    }

    private static byte[] LabeledExtract(byte[] suiteId, ReadOnlySpan<byte> salt, string label, ReadOnlySpan<byte> ikm)
    {
        byte[] labeled = [.. s_version, .. suiteId, .. Encoding.ASCII.GetBytes(label), .. ikm];
        return MlsCrypto.Extract(salt, labeled);
    }

    private static byte[] LabeledExpand(
        byte[] suiteId,
        ReadOnlySpan<byte> prk,
        string label,
        ReadOnlySpan<byte> info,
        int length)
    {
        Span<byte> len = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(len, (ushort)length);
        byte[] labeled = [.. len, .. s_version, .. suiteId, .. Encoding.ASCII.GetBytes(label), .. info];
        return MlsCrypto.Expand(prk, labeled, length);
    }
}
