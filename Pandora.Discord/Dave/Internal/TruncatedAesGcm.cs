using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Pandora.Discord.Dave.Internal;

/// <summary>
/// AES-128-GCM with DAVE's 8-byte truncated tag (Discord DAVE protocol "Frame Encryption"). .NET's
/// <see cref="AesGcm"/> refuses tags shorter than 12 bytes, so opening runs the GCM counter mode itself
/// (<c>E(K, IV ‖ u32 BE counter)</c> from counter 2, NIST SP 800-38D §7.2), then re-seals the candidate plaintext with
/// the full 16-byte tag and compares its first 8 bytes in constant time; the plaintext is released only after a
/// match. Not thread safe: one instance per key, used under its owner's lock.
/// </summary>
internal sealed class TruncatedAesGcm : IDisposable
{
    public const int TagLength = 8;
    public const int NonceLength = 12;
    private const int BlockLength = 16;
    private const int StackLimit = 2048;

    private readonly AesGcm _gcm;
    private readonly Aes _ecb;

    public TruncatedAesGcm(byte[] key)
    {
        _gcm = new AesGcm(key, 16);
        _ecb = Aes.Create();
        _ecb.Key = key;
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
        var blocks = (ciphertext.Length + BlockLength - 1) / BlockLength;
        var size = blocks * BlockLength;
        byte[]? rented = null;
        Span<byte> buffer = size * 2 <= StackLimit
            ? stackalloc byte[size * 2]
            : (rented = ArrayPool<byte>.Shared.Rent(size * 2)).AsSpan(0, size * 2);
        try
        {
            var counters = buffer[..size];
            var stream = buffer[size..];
            for (var i = 0; i < blocks; i++)
            {
                var block = counters.Slice(i * BlockLength, BlockLength);
                nonce.CopyTo(block);
                BinaryPrimitives.WriteUInt32BigEndian(block[NonceLength..], (uint)(i + 2));
            }

            _ecb.EncryptEcb(counters, stream, PaddingMode.None);
            for (var i = 0; i < ciphertext.Length; i++)
            {
                plaintext[i] = (byte)(ciphertext[i] ^ stream[i]);
            }

            // Re-sealing the candidate plaintext gives back the same ciphertext and the full tag over it.
            Span<byte> full = stackalloc byte[16];
            var check = stream[..ciphertext.Length];
            _gcm.Encrypt(nonce, plaintext[..ciphertext.Length], check, full, associatedData);
            if (CryptographicOperations.FixedTimeEquals(full[..TagLength], tag))
            {
                return true;
            }

            plaintext[..ciphertext.Length].Clear();
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

    public void Dispose()
    {
        _gcm.Dispose();
        _ecb.Dispose();
    }
}
