using System.Buffers.Binary;
using System.Security.Cryptography;
using NSec.Cryptography;

namespace Pandora.Tests.Emulator;

/// <summary>
/// Transport decryption written for the tests from the protocol brief §3.4 (independent of both products).
/// </summary>
internal static class RtpOpener
{
    /// <summary>Returns the Opus frame of an rtpsize-mode packet, or null when it does not authenticate.</summary>
    public static byte[]? Open(ReadOnlySpan<byte> packet, byte[] key, string mode)
    {
        var cc = packet[0] & 0x0F;
        var hasExtension = (packet[0] & 0x10) != 0;
        var headerLength = 12 + (4 * cc) + (hasExtension ? 4 : 0);
        var extensionWords = hasExtension ? BinaryPrimitives.ReadUInt16BigEndian(packet[(headerLength - 2)..]) : 0;
        var aad = packet[..headerLength];
        var ciphertext = packet[headerLength..^20];
        var tag = packet[^20..^4];
        var plain = new byte[ciphertext.Length];
        if (mode == "aead_aes256_gcm_rtpsize")
        {
            var nonce = new byte[12];
            packet[^4..].CopyTo(nonce);
            using var aes = new AesGcm(key, 16);
            try
            {
                aes.Decrypt(nonce, ciphertext, tag, plain, aad);
            }
            catch (AuthenticationTagMismatchException)
            {
                return null;
            }
        }
        else
        {
            var nonce = new byte[24];
            packet[^4..].CopyTo(nonce);
            using var nsecKey = Key.Import(AeadAlgorithm.XChaCha20Poly1305, key, KeyBlobFormat.RawSymmetricKey);
            if (!AeadAlgorithm.XChaCha20Poly1305.Decrypt(nsecKey, nonce, aad, packet[headerLength..^4], plain))
            {
                return null;
            }
        }

        return plain[(4 * extensionWords)..];
    }
}
