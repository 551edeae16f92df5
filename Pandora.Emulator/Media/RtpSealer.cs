using System.Buffers.Binary;
using System.Security.Cryptography;
using NSec.Cryptography;

namespace Pandora.Emulator.Media;

/// <summary>
/// Builds and encrypts RTP audio packets for one voice session as the protocol brief §3.3-3.4 says:
/// <c>header(12) | BEDE preamble(4) | E(extension body ‖ opus) | tag(16) | counter(4)</c>, the AAD being
/// the first 16 bytes. Thread-safe: encryption is serialised on an internal lock.
/// </summary>
internal sealed class RtpSealer : IDisposable
{
    /// <summary>
    /// The one-word header-extension body the emulator sends (an element of id 1, length 1, 0xff 00).
    /// </summary>
    public static readonly byte[] ExtensionBody = [0x10, 0xff, 0x00, 0x00];

    private const int HeaderSize = 16;

    private const int TagSize = 16;

    private readonly TransportMode _mode;

    private readonly AesGcm? _aes;

    private readonly Key? _chachaKey;

    private readonly Lock _lock = new();

    public RtpSealer(TransportMode mode, ReadOnlySpan<byte> key)
    {
        _mode = mode;
        if (mode == TransportMode.AeadAes256GcmRtpSize)
        {
            _aes = new AesGcm(key, TagSize);
        }
        else
        {
            _chachaKey = Key.Import(AeadAlgorithm.XChaCha20Poly1305, key, KeyBlobFormat.RawSymmetricKey);
        }
    }

    /// <summary>
    /// Returns a new datagram carrying <paramref name="opus"/> with the given RTP fields and nonce counter.
    /// </summary>
    public byte[] Seal(ushort sequence, uint timestamp, uint ssrc, uint counter, ReadOnlySpan<byte> opus)
    {
        var plainLength = ExtensionBody.Length + opus.Length;
        var packet = new byte[HeaderSize + plainLength + TagSize + 4];
        packet[0] = 0x90;
        packet[1] = 0x78;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        packet[12] = 0xBE;
        packet[13] = 0xDE;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(14), 1);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(packet.Length - 4), counter);

        Span<byte> plain = stackalloc byte[plainLength];
        ExtensionBody.CopyTo(plain);
        opus.CopyTo(plain[ExtensionBody.Length..]);
        var aad = packet.AsSpan(0, HeaderSize);
        var sealedPart = packet.AsSpan(HeaderSize, plainLength + TagSize);
        lock (_lock)
        {
            if (_aes is not null)
            {
                Span<byte> nonce = stackalloc byte[12];
                nonce.Clear();
                BinaryPrimitives.WriteUInt32BigEndian(nonce, counter);
                _aes.Encrypt(nonce, plain, sealedPart[..plainLength], sealedPart[plainLength..], aad);
            }
            else
            {
                Span<byte> nonce = stackalloc byte[24];
                nonce.Clear();
                BinaryPrimitives.WriteUInt32BigEndian(nonce, counter);
                AeadAlgorithm.XChaCha20Poly1305.Encrypt(_chachaKey!, nonce, aad, plain, sealedPart);
            }
        }

        return packet;
    }

    public TransportMode Mode => _mode;

    public void Dispose()
    {
        _aes?.Dispose();
        _chachaKey?.Dispose();
    }
}
