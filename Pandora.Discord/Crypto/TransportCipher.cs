using System.Security.Cryptography;

namespace Pandora.Discord.Crypto;

/// <summary>
/// Transport (RTP "rtpsize") AEAD for one voice session key. Packet layout:
/// <c>header[0..hdrLen) | ciphertext | tag(16) | counter(4)</c>; AAD = the header; the 4 counter bytes go to the
/// start of an otherwise zero nonce (brief §3.4). Not thread safe: one decrypting (or encrypting) thread at a time,
/// as the BCL AEAD objects it wraps.
/// </summary>
public sealed class TransportCipher : IDisposable
{
    public const int TagSize = 16;
    public const int CounterSize = 4;

    /// <summary>Bytes a packet carries besides header and plaintext: tag and nonce counter.</summary>
    public const int Overhead = TagSize + CounterSize;

    private readonly AesGcm? _aes;
    private readonly XChaCha20Poly1305? _xchacha;

    public TransportCipher(TransportMode mode, ReadOnlySpan<byte> key)
    {
        if (key.Length != 32)
        {
            throw new ArgumentException("The transport key must be 32 bytes.", nameof(key));
        }

        Mode = mode;
        if (mode == TransportMode.AeadAes256GcmRtpSize)
        {
            _aes = new AesGcm(key, TagSize);
        }
        else if (mode == TransportMode.AeadXChaCha20Poly1305RtpSize)
        {
            _xchacha = new XChaCha20Poly1305(key);
        }
        else
        {
            throw new ArgumentOutOfRangeException(nameof(mode));
        }
    }

    public TransportMode Mode { get; }

    /// <summary>
    /// Decrypts <paramref name="packet"/> whose authenticated header is <paramref name="headerLength"/> bytes long.
    /// Writes <c>packet.Length - headerLength - 20</c> bytes to <paramref name="plaintext"/>.
    /// Returns false on a short packet or a tag mismatch; never throws for peer data.
    /// </summary>
    public bool TryDecrypt(ReadOnlySpan<byte> packet, int headerLength, Span<byte> plaintext, out int written)
    {
        written = packet.Length - headerLength - Overhead;
        if (headerLength < 0 || written < 0 || plaintext.Length < written)
        {
            written = 0;
            return false;
        }

        var aad = packet[..headerLength];
        var ciphertext = packet.Slice(headerLength, written);
        var tag = packet.Slice(packet.Length - Overhead, TagSize);
        var counter = packet[^CounterSize..];
        var output = plaintext[..written];
        try
        {
            if (_aes is not null)
            {
                Span<byte> nonce = stackalloc byte[12];
                nonce.Clear();
                counter.CopyTo(nonce);
                _aes.Decrypt(nonce, ciphertext, tag, output, aad);
            }
            else
            {
                Span<byte> nonce = stackalloc byte[XChaCha20Poly1305.NonceSize];
                nonce.Clear();
                counter.CopyTo(nonce);
                _xchacha!.Decrypt(nonce, ciphertext, tag, output, aad);
            }

            return true;
        }
        catch (CryptographicException)
        {
            output.Clear();
            written = 0;
            return false;
        }
    }

    /// <summary>Encrypts into <paramref name="packet"/> (header already written); used by tests and emulators.
    /// Returns the packet length.</summary>
    public int Encrypt(Span<byte> packet, int headerLength, ReadOnlySpan<byte> plaintext, uint counter)
    {
        var total = headerLength + plaintext.Length + Overhead;
        if (packet.Length < total)
        {
            throw new ArgumentException("The packet buffer is too small.", nameof(packet));
        }

        var aad = packet[..headerLength];
        var ciphertext = packet.Slice(headerLength, plaintext.Length);
        var tag = packet.Slice(headerLength + plaintext.Length, TagSize);
        var counterBytes = packet.Slice(headerLength + plaintext.Length + TagSize, CounterSize);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(counterBytes, counter);
        if (_aes is not null)
        {
            Span<byte> nonce = stackalloc byte[12];
            nonce.Clear();
            counterBytes.CopyTo(nonce);
            _aes.Encrypt(nonce, plaintext, ciphertext, tag, aad);
        }
        else
        {
            Span<byte> nonce = stackalloc byte[XChaCha20Poly1305.NonceSize];
            nonce.Clear();
            counterBytes.CopyTo(nonce);
            _xchacha!.Encrypt(nonce, plaintext, ciphertext, tag, aad);
        }

        return total;
    }

    public void Dispose()
    {
        _aes?.Dispose();
        _xchacha?.Dispose();
    }
}
