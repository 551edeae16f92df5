using System.Security.Cryptography;

namespace Pandora.Discord.Crypto;

/// <summary>
/// XChaCha20-Poly1305 AEAD (draft-irtf-cfrg-xchacha §2.3, libsodium's <c>*_ietf</c> construction):
/// HChaCha20 subkey from the first 16 nonce bytes, then IETF ChaCha20-Poly1305 with nonce
/// <c>00000000 ‖ nonce[16..24)</c>. Thread safe: it keeps no state besides the key.
/// </summary>
internal sealed class XChaCha20Poly1305 : IDisposable
{
    public const int NonceSize = 24;
    public const int TagSize = 16;

    private readonly byte[] _key;

    public XChaCha20Poly1305(ReadOnlySpan<byte> key)
    {
        if (key.Length != HChaCha20.KeySize)
        {
            throw new ArgumentException("XChaCha20-Poly1305 needs a 32-byte key.", nameof(key));
        }

        if (!ChaCha20Poly1305.IsSupported)
        {
            throw new PlatformNotSupportedException("ChaCha20-Poly1305 is not supported by this platform's crypto.");
        }

        _key = key.ToArray();
    }

    /// <summary>Throws <see cref="AuthenticationTagMismatchException"/> when the tag does not verify.</summary>
    public void Decrypt(
        ReadOnlySpan<byte> nonce,
        ReadOnlySpan<byte> ciphertext,
        ReadOnlySpan<byte> tag,
        Span<byte> plaintext,
        ReadOnlySpan<byte> associatedData)
    {
        Span<byte> subkey = stackalloc byte[32];
        Span<byte> inner = stackalloc byte[12];
        Prepare(nonce, subkey, inner);
        try
        {
            // The subkey changes with every nonce, so the BCL object cannot be reused across packets.
            using var aead = new ChaCha20Poly1305(subkey);
            aead.Decrypt(inner, ciphertext, tag, plaintext, associatedData);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(subkey);
        }
    }

    public void Encrypt(
        ReadOnlySpan<byte> nonce,
        ReadOnlySpan<byte> plaintext,
        Span<byte> ciphertext,
        Span<byte> tag,
        ReadOnlySpan<byte> associatedData)
    {
        Span<byte> subkey = stackalloc byte[32];
        Span<byte> inner = stackalloc byte[12];
        Prepare(nonce, subkey, inner);
        try
        {
            using var aead = new ChaCha20Poly1305(subkey);
            aead.Encrypt(inner, plaintext, ciphertext, tag, associatedData);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(subkey);
        }
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_key);

    private void Prepare(ReadOnlySpan<byte> nonce, Span<byte> subkey, Span<byte> inner)
    {
        if (nonce.Length != NonceSize)
        {
            throw new ArgumentException("XChaCha20-Poly1305 needs a 24-byte nonce.", nameof(nonce));
        }

        HChaCha20.DeriveSubkey(_key, nonce[..16], subkey);
        inner.Clear();
        nonce[16..].CopyTo(inner[4..]);
    }
}
