using System.Security.Cryptography;
using System.Text;
using Pandora.Discord.Crypto;

namespace Pandora.Tests.Discord;

public sealed class TransportCryptoUnitTests
{
    private const string AesPacket =
        "90780001000009600000abcdbede00014f18d48186292188ebd709f64a6166698f9c612c46490f8a6dd700000007";

    private const string XChaChaPacket =
        "90780001000009600000abcdbede0001a6485d3784c3ab48d346f26fd30cf55285b7d74f83488575db9c00000007";

    // draft-irtf-cfrg-xchacha-03 appendix A.3.1.
    private const string DraftKey = "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f";
    private const string DraftNonce = "404142434445464748494a4b4c4d4e4f5051525354555657";
    private const string DraftAad = "50515253c0c1c2c3c4c5c6c7";
    private const string DraftCiphertext =
        "bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb731c7f1b0b4aa6440bf3a82f4eda7e39"
        + "ae64c6708c54c216cb96b72e1213b4522f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9"
        + "21f9664c97637da9768812f615c68b13b52e";
    private const string DraftTag = "c0875924c1c7987947deafd8780acf49";
    private const string Sunscreen = "Ladies and Gentlemen of the class of '99: If I could offer you only one tip "
        + "for the future, sunscreen would be it.";

    private static byte[] Key0To31 => Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    [Theory]
    [InlineData(TransportMode.AeadAes256GcmRtpSize, AesPacket)]
    [InlineData(TransportMode.AeadXChaCha20Poly1305RtpSize, XChaChaPacket)]
    public void TryDecrypt_briefPacket_yieldsExtensionBodyAndOpus(TransportMode mode, string hex)
    {
        using var cipher = new TransportCipher(mode, Key0To31);
        var packet = Convert.FromHexString(hex);
        var plain = new byte[64];

        cipher.TryDecrypt(packet, 16, plain, out var written).ShouldBeTrue();

        Convert.ToHexString(plain, 0, written).ToLowerInvariant().ShouldBe("10ff0000fc0102030405");
    }

    [Theory]
    [InlineData(TransportMode.AeadAes256GcmRtpSize, AesPacket)]
    [InlineData(TransportMode.AeadXChaCha20Poly1305RtpSize, XChaChaPacket)]
    public void TryDecrypt_tamperedTag_returnsFalse(TransportMode mode, string hex)
    {
        using var cipher = new TransportCipher(mode, Key0To31);
        var packet = Convert.FromHexString(hex);
        packet[^5] ^= 1;

        cipher.TryDecrypt(packet, 16, new byte[64], out var written).ShouldBeFalse();
        written.ShouldBe(0);
    }

    [Fact]
    public void TryDecrypt_tamperedHeader_returnsFalse()
    {
        using var cipher = new TransportCipher(TransportMode.AeadAes256GcmRtpSize, Key0To31);
        var packet = Convert.FromHexString(AesPacket);
        packet[3] ^= 1;

        cipher.TryDecrypt(packet, 16, new byte[64], out _).ShouldBeFalse();
    }

    [Fact]
    public void TryDecrypt_packetShorterThanOverhead_returnsFalse()
    {
        using var cipher = new TransportCipher(TransportMode.AeadAes256GcmRtpSize, Key0To31);

        cipher.TryDecrypt(Convert.FromHexString(AesPacket)[..30], 16, new byte[64], out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData(TransportMode.AeadAes256GcmRtpSize)]
    [InlineData(TransportMode.AeadXChaCha20Poly1305RtpSize)]
    public void Encrypt_briefInputs_reproducesBriefPacket(TransportMode mode)
    {
        using var cipher = new TransportCipher(mode, Key0To31);
        var packet = new byte[46];
        Convert.FromHexString("90780001000009600000abcdbede0001").CopyTo(packet, 0);

        var length = cipher.Encrypt(packet, 16, Convert.FromHexString("10ff0000fc0102030405"), 7);

        length.ShouldBe(46);
        var expected = mode == TransportMode.AeadAes256GcmRtpSize ? AesPacket : XChaChaPacket;
        Convert.ToHexString(packet).ToLowerInvariant().ShouldBe(expected);
    }

    [Fact]
    public void DeriveSubkey_draftVector_matchesPublishedSubkey()
    {
        var nonce = Convert.FromHexString("000000090000004a0000000031415927");
        var subkey = new byte[32];

        HChaCha20.DeriveSubkey(Key0To31, nonce, subkey);

        Convert.ToHexString(subkey).ToLowerInvariant()
            .ShouldBe("82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc");
    }

    [Fact]
    public void Decrypt_xchachaDraftVector_yieldsSunscreenText()
    {
        using var aead = new XChaCha20Poly1305(Convert.FromHexString(DraftKey));
        var ciphertext = Convert.FromHexString(DraftCiphertext);
        var plain = new byte[ciphertext.Length];

        aead.Decrypt(Convert.FromHexString(DraftNonce), ciphertext, Convert.FromHexString(DraftTag), plain,
            Convert.FromHexString(DraftAad));

        Encoding.ASCII.GetString(plain).ShouldBe(Sunscreen);
    }

    [Fact]
    public void Encrypt_randomInputs_matchesNSec()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var nonce = RandomNumberGenerator.GetBytes(24);
        var aad = RandomNumberGenerator.GetBytes(13);
        var plain = RandomNumberGenerator.GetBytes(301);
        using var aead = new XChaCha20Poly1305(key);
        var ours = new byte[plain.Length + 16];

        aead.Encrypt(nonce, plain, ours.AsSpan(0, plain.Length), ours.AsSpan(plain.Length), aad);

        var algorithm = NSec.Cryptography.AeadAlgorithm.XChaCha20Poly1305;
        using var nsecKey = NSec.Cryptography.Key.Import(
            algorithm, key, NSec.Cryptography.KeyBlobFormat.RawSymmetricKey);
        algorithm.Encrypt(nsecKey, nonce, aad, plain).ShouldBe(ours);
    }

    [Fact]
    public void Decrypt_aes256GcmMcGrewViegaCase16_yieldsPlaintext()
    {
        // McGrew & Viega, "The Galois/Counter Mode of Operation", test case 16 (AES-256, 60-byte plaintext, AAD).
        var key = Convert.FromHexString("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
        var iv = Convert.FromHexString("cafebabefacedbaddecaf888");
        var aad = Convert.FromHexString("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        var ciphertext = Convert.FromHexString("522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
            + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662");
        var tag = Convert.FromHexString("76fc6ece0f4e1768cddf8853bb2d551b");
        using var gcm = new AesGcm(key, 16);
        var plain = new byte[ciphertext.Length];

        gcm.Decrypt(iv, ciphertext, tag, plain, aad);

        Convert.ToHexString(plain).ToLowerInvariant().ShouldBe("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c"
            + "303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
    }

    [Fact]
    public void Choose_bothOffered_prefersAesGcm()
    {
        TransportModes.Choose(["aead_xchacha20_poly1305_rtpsize", "aead_aes256_gcm_rtpsize"])
            .ShouldBe(TransportMode.AeadAes256GcmRtpSize);
        TransportModes.Choose(["xsalsa20_poly1305", "aead_xchacha20_poly1305_rtpsize"])
            .ShouldBe(TransportMode.AeadXChaCha20Poly1305RtpSize);
        TransportModes.Choose(["xsalsa20_poly1305"]).ShouldBeNull();
    }
}
