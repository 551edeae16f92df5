using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Pandora.Discord.Dave.Internal;

/// <summary>
/// AES-128-GCM with DAVE's 8-byte truncated tag (Discord DAVE protocol "Frame Encryption"). .NET's
/// <see cref="AesGcm"/> refuses tags shorter than 12 bytes, so opening takes GCM's key stream (the encryption of
/// zeros under the same key and nonce: counter mode from counter 2, NIST SP 800-38D §7.2), XORs it onto the
/// ciphertext, then re-seals the candidate plaintext with the full 16-byte tag and compares its first 8 bytes in
/// constant time; the plaintext is released only after a match. Two GCM passes, no allocation (measured faster
/// than counter blocks through <see cref="Aes.EncryptEcb(ReadOnlySpan{byte}, PaddingMode)"/>, which allocates).
/// Not thread safe: one instance per key, used under its owner's lock.
/// </summary>
internal sealed class TruncatedAesGcm : IDisposable
{
    public const int TagLength = 8;
    public const int NonceLength = 12;
    private const int StackLimit = 2048;

    private readonly AesGcm _gcm;

    public TruncatedAesGcm(byte[] key)
    {
        _gcm = new AesGcm(key, 16);
    }

    /// <summary>The 12-byte GCM nonce of a DAVE truncated nonce: eight zero bytes then the u32 little-endian
    /// (libdave and davey copy the host-order u32 into bytes 8..11).</summary>
    public static void ExpandNonce(uint truncatedNonce, Span<byte> nonce)
    {
        nonce[..8].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(nonce[8..], truncatedNonce);
    }

    /// <summary>Seals <paramref name="plaintext"/> into <paramref name="ciphertext"/> (same length) and writes the
    /// 8-byte truncated tag.</summary>
    public void Seal(
        ReadOnlySpan<byte> nonce,
        ReadOnlySpan<byte> plaintext,
        Span<byte> ciphertext,
        Span<byte> tag,
        ReadOnlySpan<byte> associatedData)
    {
        Span<byte> full = stackalloc byte[16];
        _gcm.Encrypt(nonce, plaintext, ciphertext, full, associatedData);
        full[..TagLength].CopyTo(tag);
    }

    /// <summary>Opens <paramref name="ciphertext"/> into <paramref name="plaintext"/> (same length); false when the
    /// tag does not match, and then <paramref name="plaintext"/> is cleared.</summary>
    public bool TryOpen(
        ReadOnlySpan<byte> nonce,
        ReadOnlySpan<byte> ciphertext,
        ReadOnlySpan<byte> tag,
        Span<byte> plaintext,
        ReadOnlySpan<byte> associatedData)
    {
        var length = ciphertext.Length;
        byte[]? rented = null;
        Span<byte> buffer = length * 2 <= StackLimit
            ? stackalloc byte[length * 2]
            : (rented = ArrayPool<byte>.Shared.Rent(length * 2)).AsSpan(0, length * 2);
        try
        {
            // GCM's encryption of zeros is its key stream (the tag over it is discarded).
            var zeros = buffer[..length];
            var stream = buffer[length..];
            zeros.Clear();
            Span<byte> ignored = stackalloc byte[16];
            _gcm.Encrypt(nonce, zeros, stream, ignored);
            for (var i = 0; i < length; i++)
            {
                plaintext[i] = (byte)(ciphertext[i] ^ stream[i]);
            }

            // Re-sealing the candidate plaintext gives back the same ciphertext and the full tag over it.
            Span<byte> full = stackalloc byte[16];
            _gcm.Encrypt(nonce, plaintext[..length], stream, full, associatedData);
            if (CryptographicOperations.FixedTimeEquals(full[..TagLength], tag))
            {
                return true;
            }

            plaintext[..length].Clear();
            return false;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    public void Dispose() => _gcm.Dispose();
}
