using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Pandora.Mls.Codec;

namespace Pandora.Mls.Crypto;

/// <summary>
/// The primitives of cipher suite 2, MLS_128_DHKEMP256_AES128GCM_SHA256_P256 (RFC 9420 §5.1): SHA-256,
/// HMAC-SHA256, HKDF-SHA256, AES-128-GCM, ECDSA P-256 with DER signatures, HPKE DHKEM(P-256).
/// Public keys are 65-byte uncompressed SEC1 points; private keys are 32-byte big-endian scalars.
/// All members are stateless and thread safe.
/// </summary>
public static class MlsCrypto
{
    /// <summary>The cipher suite number.</summary>
    public const ushort CipherSuite = 2;

    /// <summary>Hash and KDF output size Nh.</summary>
    public const int HashLength = 32;

    /// <summary>AEAD key size Nk.</summary>
    public const int AeadKeyLength = 16;

    /// <summary>AEAD nonce size Nn.</summary>
    public const int AeadNonceLength = 12;

    private static readonly byte[] s_labelPrefix = "MLS 1.0 "u8.ToArray();

    public static byte[] Hash(ReadOnlySpan<byte> data) => SHA256.HashData(data);

    public static byte[] Mac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data) => HMACSHA256.HashData(key, data);

    /// <summary>HKDF-Extract(salt, ikm) in the RFC's argument order.</summary>
    public static byte[] Extract(ReadOnlySpan<byte> salt, ReadOnlySpan<byte> ikm)
    {
        // An empty salt means Nh zero bytes (RFC 5869 §2.2); HMAC pads either way.
        return HMACSHA256.HashData(salt, ikm);
    }

    /// <summary>
    /// HKDF-Expand written on HMAC so that a pseudorandom key shorter than Nh is accepted
    /// (.NET's HKDF.Expand refuses one, and DAVE's ratchet secrets are 16 bytes).
    /// </summary>
    public static byte[] Expand(ReadOnlySpan<byte> prk, ReadOnlySpan<byte> info, int length)
    {
        MlsException.ThrowIf(length < 0 || length > 255 * HashLength, MlsErrorKind.LengthOutOfRange, "HKDF length");
        var output = new byte[length];
        var block = Array.Empty<byte>();
        var input = new byte[HashLength + info.Length + 1];
        for (int offset = 0, counter = 1; offset < length; counter++)
        {
            block.CopyTo(input, 0);
            info.CopyTo(input.AsSpan(block.Length));
            input[block.Length + info.Length] = (byte)counter;
            block = HMACSHA256.HashData(prk, input.AsSpan(0, block.Length + info.Length + 1));
            var take = Math.Min(block.Length, length - offset);
            block.AsSpan(0, take).CopyTo(output.AsSpan(offset));
            offset += take;
        }

        return output;
    }

    /// <summary>ExpandWithLabel (RFC 9420 §8): KDFLabel = u16 length ‖ ("MLS 1.0 " + label)&lt;V&gt; ‖
    /// context&lt;V&gt;.</summary>
    public static byte[] ExpandWithLabel(
        ReadOnlySpan<byte> secret,
        string label,
        ReadOnlySpan<byte> context,
        int length) =>
        ExpandWithLabel(secret, Encoding.ASCII.GetBytes(label), context, length);

    /// <summary>ExpandWithLabel with a binary label (the exporter's label may be any bytes).</summary>
    public static byte[] ExpandWithLabel(
        ReadOnlySpan<byte> secret,
        ReadOnlySpan<byte> label,
        ReadOnlySpan<byte> context,
        int length)
    {
        var w = new TlsWriter();
        w.WriteU16((ushort)length);
        w.WriteOpaque([.. s_labelPrefix, .. label]);
        w.WriteOpaque(context);
        return Expand(secret, w.ToArray(), length);
    }

    /// <summary>DeriveSecret(secret, label) = ExpandWithLabel(secret, label, "", Nh).</summary>
    public static byte[] DeriveSecret(ReadOnlySpan<byte> secret, string label) =>
        ExpandWithLabel(secret, label, default, HashLength);

    /// <summary>DeriveTreeSecret (RFC 9420 §9): the context is the generation as u32.</summary>
    public static byte[] DeriveTreeSecret(ReadOnlySpan<byte> secret, string label, uint generation, int length)
    {
        Span<byte> context = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(context, generation);
        return ExpandWithLabel(secret, label, context, length);
    }

    /// <summary>RefHash(label, value) = H(label&lt;V&gt; ‖ value&lt;V&gt;) (RFC 9420 §5.2); the label is used as
    /// given.</summary>
    public static byte[] RefHash(string label, ReadOnlySpan<byte> value)
    {
        var w = new TlsWriter();
        w.WriteOpaque(Encoding.ASCII.GetBytes(label));
        w.WriteOpaque(value);
        return Hash(w.ToArray());
    }

    /// <summary>SignWithLabel (RFC 9420 §5.1.2); returns a DER ECDSA signature.</summary>
    public static byte[] SignWithLabel(ReadOnlySpan<byte> signaturePrivateKey, string label, ReadOnlySpan<byte> content)
    {
        using var ecdsa = ImportSigningKey(signaturePrivateKey);
        return ecdsa.SignData(
            SignContent(label, content),
            HashAlgorithmName.SHA256,
            DSASignatureFormat.Rfc3279DerSequence);
    }

    /// <summary>VerifyWithLabel; false for any malformed key or signature.</summary>
    public static bool VerifyWithLabel(
        ReadOnlySpan<byte> signaturePublicKey,
        string label,
        ReadOnlySpan<byte> content,
        ReadOnlySpan<byte> signature)
    {
        if (!TryImportPublic(signaturePublicKey, out var parameters))
        {
            return false;
        }

        try
        {
            using var ecdsa = ECDsa.Create(parameters);
            return ecdsa.VerifyData(
                SignContent(label, content),
                signature,
                HashAlgorithmName.SHA256,
                DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>Verifies and throws <see cref="MlsErrorKind.BadSignature"/> on failure.</summary>
    public static void VerifyWithLabelOrThrow(
        ReadOnlySpan<byte> signaturePublicKey,
        string label,
        ReadOnlySpan<byte> content,
        ReadOnlySpan<byte> signature,
        string what)
    {
        MlsException.ThrowIf(
            !VerifyWithLabel(signaturePublicKey, label, content, signature),
            MlsErrorKind.BadSignature,
            $"{what} signature does not verify");
    }

    /// <summary>A fresh random P-256 key pair (private scalar, public point).</summary>
    public static (byte[] PrivateKey, byte[] PublicKey) GenerateKeyPair()
    {
        using var ec = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var p = ec.ExportParameters(true);
        return (Pad32(p.D!), EncodePoint(p.Q));
    }

    /// <summary>The public point of a private scalar.</summary>
    public static byte[] PublicKeyOf(ReadOnlySpan<byte> privateKey)
    {
        using var ec = ImportDhKey(privateKey);
        return EncodePoint(ec.ExportParameters(false).Q);
    }

    /// <summary>EncryptWithLabel (RFC 9420 §5.1.3): HPKE base mode, info = ("MLS 1.0 " + label)&lt;V&gt; ‖
    /// context&lt;V&gt;.</summary>
    public static (byte[] KemOutput, byte[] Ciphertext) EncryptWithLabel(
        ReadOnlySpan<byte> publicKey,
        string label,
        ReadOnlySpan<byte> context,
        ReadOnlySpan<byte> plaintext) =>
        Hpke.Seal(publicKey, EncryptContext(label, context), plaintext);

    /// <summary>DecryptWithLabel; throws <see cref="MlsErrorKind.DecryptionFailed"/> if the ciphertext does not
    /// open.</summary>
    public static byte[] DecryptWithLabel(
        ReadOnlySpan<byte> privateKey,
        string label,
        ReadOnlySpan<byte> context,
        ReadOnlySpan<byte> kemOutput,
        ReadOnlySpan<byte> ciphertext) =>
        Hpke.Open(privateKey, EncryptContext(label, context), kemOutput, ciphertext);

    /// <summary>AES-128-GCM seal with a 16-byte tag appended.</summary>
    public static byte[] AeadSeal(
        ReadOnlySpan<byte> key,
        ReadOnlySpan<byte> nonce,
        ReadOnlySpan<byte> aad,
        ReadOnlySpan<byte> plaintext)
    {
        var output = new byte[plaintext.Length + 16];
        using var gcm = new AesGcm(key, 16);
        gcm.Encrypt(nonce, plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length), aad);
        return output;
    }

    /// <summary>AES-128-GCM open; throws <see cref="MlsErrorKind.DecryptionFailed"/>.</summary>
    public static byte[] AeadOpen(
        ReadOnlySpan<byte> key,
        ReadOnlySpan<byte> nonce,
        ReadOnlySpan<byte> aad,
        ReadOnlySpan<byte> ciphertext)
    {
        MlsException.ThrowIf(ciphertext.Length < 16, MlsErrorKind.DecryptionFailed, "ciphertext shorter than the tag");
        var plaintext = new byte[ciphertext.Length - 16];
        using var gcm = new AesGcm(key, 16);
        try
        {
            gcm.Decrypt(nonce, ciphertext[..^16], ciphertext[^16..], plaintext, aad);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new MlsException(MlsErrorKind.DecryptionFailed, "AEAD tag mismatch", e);
        }

        return plaintext;
    }

    internal static byte[] Labelled(string label)
    {
        var bytes = new byte[s_labelPrefix.Length + Encoding.ASCII.GetByteCount(label)];
        s_labelPrefix.CopyTo(bytes, 0);
        Encoding.ASCII.GetBytes(label, bytes.AsSpan(s_labelPrefix.Length));
        return bytes;
    }

    internal static ECDsa ImportSigningKey(ReadOnlySpan<byte> privateKey)
    {
        MlsException.ThrowIf(privateKey.Length != 32, MlsErrorKind.BadKey, "signature private key must be 32 bytes");
        try
        {
            var ecdsa = ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                D = privateKey.ToArray(),
            });
            return ecdsa;
        }
        catch (CryptographicException e)
        {
            throw new MlsException(MlsErrorKind.BadKey, "signature private key rejected", e);
        }
    }

    internal static ECDiffieHellman ImportDhKey(ReadOnlySpan<byte> privateKey)
    {
        MlsException.ThrowIf(privateKey.Length != 32, MlsErrorKind.BadKey, "HPKE private key must be 32 bytes");
        try
        {
            return ECDiffieHellman.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                D = privateKey.ToArray(),
            });
        }
        catch (CryptographicException e)
        {
            throw new MlsException(MlsErrorKind.BadKey, "HPKE private key rejected", e);
        }
    }

    internal static bool TryImportPublic(ReadOnlySpan<byte> point, out ECParameters parameters)
    {
        parameters = default;
        if (point.Length != 65 || point[0] != 0x04)
        {
            return false;
        }

        parameters = new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = point[1..33].ToArray(), Y = point[33..65].ToArray() },
        };
        return true;
    }

    internal static byte[] EncodePoint(ECPoint q)
    {
        var point = new byte[65];
        point[0] = 0x04;
        Pad32(q.X!).CopyTo(point, 1);
        Pad32(q.Y!).CopyTo(point, 33);
        return point;
    }

    internal static byte[] Pad32(byte[] value)
    {
        if (value.Length == 32)
        {
            return value;
        }

        var padded = new byte[32];
        value.CopyTo(padded, 32 - value.Length);
        return padded;
    }

    private static byte[] SignContent(string label, ReadOnlySpan<byte> content)
    {
        var w = new TlsWriter();
        w.WriteOpaque(Labelled(label));
        w.WriteOpaque(content);
        return w.ToArray();
    }

    private static byte[] EncryptContext(string label, ReadOnlySpan<byte> context)
    {
        var w = new TlsWriter();
        w.WriteOpaque(Labelled(label));
        w.WriteOpaque(context);
        return w.ToArray();
    }
}
