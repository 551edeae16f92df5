using Pandora.Discord.Dave;
using Pandora.Mls.Crypto;

namespace Pandora.Tests.Dave;

/// <summary>Known answers (brief §5.2) and the receive rules of DAVE frames (brief §4.11).</summary>
public sealed class DaveFrameUnitTests
{
    private const string BaseSecret = "cedd61b1b8a1ca69046554282cf70b7b";
    private const string Gen0Key = "7530f9a9945e2d2e06d0651f7b2a864b";
    private const string Gen1Key = "cddd06e0f3437596bacb9c06a0329c49";
    private const string Plain = "fc0102030405060708090a0b0c0d0e0f";

    /// <summary>Enough ratchet age for any generation the tests use (170 frames/s bound).</summary>
    private static readonly TimeSpan Ages = TimeSpan.FromDays(400);

    [Fact]
    public void KeyRatchet_daveyKnownAnswer_generationZeroAndOne()
    {
        var ratchet = new DaveKeyRatchet(DaveBytes.Hex(BaseSecret));

        ratchet.TryGetKey(0, out var key0).ShouldBeTrue();
        Convert.ToHexStringLower(key0).ShouldBe(Gen0Key);
        ratchet.TryGetKey(1, out var key1).ShouldBeTrue();
        Convert.ToHexStringLower(key1).ShouldBe(Gen1Key);
        MlsCrypto.DeriveTreeSecret(DaveBytes.Hex(BaseSecret), "nonce", 0, 12)
            .ShouldBe(DaveBytes.Hex("301e5f4b74090f985e726bb2"));
    }

    [Fact]
    public void KeyRatchet_erasedGeneration_isGoneForGood()
    {
        var ratchet = new DaveKeyRatchet(DaveBytes.Hex(BaseSecret));
        ratchet.TryGetKey(3, out _).ShouldBeTrue();

        ratchet.Erase(1);

        ratchet.TryGetKey(1, out _).ShouldBeFalse();
        ratchet.TryGetKey(2, out _).ShouldBeTrue();
    }

    [Fact]
    public void BaseSecret_selfComputedExporterExample_matches()
    {
        var exporter = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

        DaveKeyRatchet.BaseSecret(exporter, 158533742254751744)
            .ShouldBe(DaveBytes.Hex("f2e61d22912fe6f4f597005126e4d569"));
    }

    [Theory]
    [InlineData(Gen0Key, 1u, "2d24a9e84b85f61aa3ff477469f74cda7d343585fc5c0562010cfafa")]
    [InlineData(Gen0Key, 200u, "8df7ff401126e5c4807b5ca4296ef66cb7e164292f80d41dc8010dfafa")]
    [InlineData(Gen1Key, 0x01000005u, "245d2fe6331b4a1cf6788cc033896f634b5a57f40c25ebe8858080080ffafa")]
    public void EncryptWith_selfComputedFrames_matchByteForByte(string key, uint nonce, string frame)
    {
        DaveFrameEncryptor.EncryptWith(DaveBytes.Hex(key), nonce, DaveBytes.Hex(Plain))
            .ShouldBe(DaveBytes.Hex(frame));
    }

    [Theory]
    [InlineData("2d24a9e84b85f61aa3ff477469f74cda7d343585fc5c0562010cfafa")]
    [InlineData("8df7ff401126e5c4807b5ca4296ef66cb7e164292f80d41dc8010dfafa")]
    [InlineData("245d2fe6331b4a1cf6788cc033896f634b5a57f40c25ebe8858080080ffafa")]
    public void Decrypt_selfComputedFrames_giveThePlaintext(string frame)
    {
        var (decryptor, time) = NewDecryptor();
        time.Advance(Ages);

        Decrypt(decryptor, DaveBytes.Hex(frame), out var plain).ShouldBe(DaveFrameResult.Decrypted);

        plain.ShouldBe(DaveBytes.Hex(Plain));
    }

    [Fact]
    public void Decrypt_mutatedTagOrCiphertext_failsAuthentication()
    {
        var (decryptor, _) = NewDecryptor();
        var frame = DaveBytes.Hex("2d24a9e84b85f61aa3ff477469f74cda7d343585fc5c0562010cfafa");
        var badTag = (byte[])frame.Clone();
        badTag[17] ^= 1;
        var badBody = (byte[])frame.Clone();
        badBody[0] ^= 0x80;

        Decrypt(decryptor, badTag, out _).ShouldBe(DaveFrameResult.AuthenticationFailed);
        Decrypt(decryptor, badBody, out _).ShouldBe(DaveFrameResult.AuthenticationFailed);
        Decrypt(decryptor, frame, out _).ShouldBe(DaveFrameResult.Decrypted);
    }

    [Theory]
    [InlineData("")]
    [InlineData("fafa")]
    [InlineData("2d24a9e84b85f61aa3ff477469f74cda7d343585fc5c0562010cfa")]
    [InlineData("2d24a9e84b85f61aa3ff477469f74cda7d343585fc5c0562010c")]
    [InlineData("0102030405060708090a0b0c0d0e0f10")]
    [InlineData("aaaaaaaaaaaaaaaa80ff0cfafa")]
    [InlineData("2d24a9e84b85f61aa3ff477469f74cda7d343585fc5c05620130fafa")]
    public void Decrypt_truncatedOrMalformedTrailer_isNotAProtocolFrame(string frame)
    {
        var (decryptor, _) = NewDecryptor();

        Decrypt(decryptor, DaveBytes.Hex(frame), out _).ShouldBe(DaveFrameResult.NotProtocolFrame);
    }

    [Fact]
    public void Decrypt_silenceFrame_passesUnchanged()
    {
        var (decryptor, _) = NewDecryptor();

        Decrypt(decryptor, [0xF8, 0xFF, 0xFE], out var plain).ShouldBe(DaveFrameResult.Silence);

        plain.ShouldBe(new byte[] { 0xF8, 0xFF, 0xFE });
        new DaveFrameEncryptor(new DaveKeyRatchet(DaveBytes.Hex(BaseSecret))).Encrypt([0xF8, 0xFF, 0xFE])
            .ShouldBe(new byte[] { 0xF8, 0xFF, 0xFE });
    }

    [Fact]
    public void Decrypt_replayedAndLateFrames_replaysRejectedLateOnesAccepted()
    {
        var (decryptor, _) = NewDecryptor();

        Decrypt(decryptor, Frame(Gen0Key, 5), out _).ShouldBe(DaveFrameResult.Decrypted);
        Decrypt(decryptor, Frame(Gen0Key, 5), out _).ShouldBe(DaveFrameResult.Replayed);
        Decrypt(decryptor, Frame(Gen0Key, 3), out _).ShouldBe(DaveFrameResult.Decrypted);
        Decrypt(decryptor, Frame(Gen0Key, 3), out _).ShouldBe(DaveFrameResult.Replayed);
        Decrypt(decryptor, Frame(Gen0Key, 2000), out _).ShouldBe(DaveFrameResult.Decrypted);
        Decrypt(decryptor, Frame(Gen0Key, 1500), out _).ShouldBe(DaveFrameResult.Decrypted);

        // Older than the 1000 remembered missing nonces: indistinguishable from a replay.
        Decrypt(decryptor, Frame(Gen0Key, 900), out _).ShouldBe(DaveFrameResult.Replayed);
    }

    [Fact]
    public void Decrypt_generationFarAhead_isOutOfRange()
    {
        var (decryptor, time) = NewDecryptor();
        time.Advance(Ages);
        var ratchet = new DaveKeyRatchet(DaveBytes.Hex(BaseSecret));
        ratchet.TryGetKey(251, out var key251).ShouldBeTrue();

        Decrypt(decryptor, DaveFrameEncryptor.EncryptWith(key251, (251u << 24) | 1, [1, 2, 3]), out _)
            .ShouldBe(DaveFrameResult.GenerationOutOfRange);
    }

    [Fact]
    public void Decrypt_generationBeyondWhatTheRatchetsAgeAllows_isOutOfRange()
    {
        var (decryptor, _) = NewDecryptor();

        Decrypt(decryptor, DaveBytes.Hex("245d2fe6331b4a1cf6788cc033896f634b5a57f40c25ebe8858080080ffafa"), out _)
            .ShouldBe(DaveFrameResult.GenerationOutOfRange);
    }

    [Fact]
    public void Decrypt_olderGeneration_keptForItsGracePeriodThenErased()
    {
        var (decryptor, time) = NewDecryptor();
        time.Advance(Ages);
        Decrypt(decryptor, Frame(Gen1Key, 0x01000001), out _).ShouldBe(DaveFrameResult.Decrypted);

        time.Advance(TimeSpan.FromSeconds(9));
        Decrypt(decryptor, Frame(Gen0Key, 0x00FFFFF0), out _).ShouldBe(DaveFrameResult.Decrypted);
        time.Advance(TimeSpan.FromSeconds(2));

        Decrypt(decryptor, Frame(Gen0Key, 0x00FFFFF1), out _).ShouldBe(DaveFrameResult.GenerationOutOfRange);
        Decrypt(decryptor, Frame(Gen1Key, 0x01000002), out _).ShouldBe(DaveFrameResult.Decrypted);
    }

    [Fact]
    public void Decrypt_previousEpochRatchet_keptTenSeconds()
    {
        var (decryptor, time) = NewDecryptor();
        var next = Enumerable.Repeat((byte)7, 16).ToArray();
        decryptor.AddKeyRatchet(new DaveKeyRatchet(next));
        new DaveKeyRatchet(next).TryGetKey(0, out var nextKey);

        Decrypt(decryptor, Frame(nextKey, 1), out _).ShouldBe(DaveFrameResult.Decrypted);
        Decrypt(decryptor, Frame(Gen0Key, 1), out _).ShouldBe(DaveFrameResult.Decrypted);
        time.Advance(TimeSpan.FromSeconds(10.5));

        Decrypt(decryptor, Frame(Gen0Key, 2), out _).ShouldBe(DaveFrameResult.AuthenticationFailed);
        Decrypt(decryptor, Frame(nextKey, 2), out _).ShouldBe(DaveFrameResult.Decrypted);
    }

    [Fact]
    public void Decrypt_generationWrapsPast255_widenedFromTheOldestKeptGeneration()
    {
        var (decryptor, time) = NewDecryptor();
        time.Advance(Ages);
        var ratchet = new DaveKeyRatchet(DaveBytes.Hex(BaseSecret));
        byte[] KeyOf(uint g) => ratchet.TryGetKey(g, out var k) ? k : throw new InvalidOperationException();

        Decrypt(decryptor, Frame(KeyOf(200), (200u << 24) | 1), out _).ShouldBe(DaveFrameResult.Decrypted);
        time.Advance(TimeSpan.FromSeconds(11));
        Decrypt(decryptor, Frame(KeyOf(255), (255u << 24) | 1), out _).ShouldBe(DaveFrameResult.Decrypted);

        // Generation 256 sends a truncated nonce whose top byte is 0 again.
        Decrypt(decryptor, Frame(KeyOf(256), 1), out var plain).ShouldBe(DaveFrameResult.Decrypted);
        plain.ShouldBe(new byte[] { 1, 2, 3, 4 });
    }

    [Fact]
    public void Encryptor_roundTrip_nonceCountsFromOne()
    {
        var (decryptor, _) = NewDecryptor();
        using var encryptor = new DaveFrameEncryptor(new DaveKeyRatchet(DaveBytes.Hex(BaseSecret)));

        var first = encryptor.Encrypt(DaveBytes.Hex(Plain));

        first.ShouldBe(DaveBytes.Hex("2d24a9e84b85f61aa3ff477469f74cda7d343585fc5c0562010cfafa"));
        Decrypt(decryptor, encryptor.Encrypt([9, 9]), out var plain).ShouldBe(DaveFrameResult.Decrypted);
        plain.ShouldBe(new byte[] { 9, 9 });
    }

    [Fact]
    public void Decrypt_unencryptedRanges_reinterleavedAndAuthenticated()
    {
        var (decryptor, _) = NewDecryptor();
        var key = DaveBytes.Hex(Gen0Key);
        byte[] media = [0xA0, 0xA1, 0xB0, 0xB1, 0xB2, 0xA2];

        // Range (2, 3) stays clear and is the associated data; bytes 0-1 and 5 are encrypted.
        byte[] clear = [0xB0, 0xB1, 0xB2];
        byte[] secret = [0xA0, 0xA1, 0xA2];
        var nonce = new byte[12];
        nonce[8] = 9;
        var ct = new byte[3];
        var tag = new byte[16];
        using (var gcm = new System.Security.Cryptography.AesGcm(key, 16))
        {
            gcm.Encrypt(nonce, secret, ct, tag, clear);
        }

        byte[] frame = [ct[0], ct[1], .. clear, ct[2], .. tag[..8], 9, 2, 3, 8 + 1 + 2 + 1 + 2, 0xFA, 0xFA];

        Decrypt(decryptor, frame, out var plain).ShouldBe(DaveFrameResult.Decrypted);
        plain.ShouldBe(media);
    }

    [Theory]
    [InlineData(0ul, "00")]
    [InlineData(127ul, "7f")]
    [InlineData(128ul, "8001")]
    [InlineData(200ul, "c801")]
    [InlineData(0x01000005ul, "85808008")]
    [InlineData(uint.MaxValue, "ffffffff0f")]
    [InlineData(ulong.MaxValue, "ffffffffffffffffff01")]
    public void Uleb128_edgeValues_roundTrip(ulong value, string hex)
    {
        var buffer = new byte[Uleb128.MaxLength];
        var n = Uleb128.Write(value, buffer);

        Convert.ToHexStringLower(buffer[..n]).ShouldBe(hex);
        Uleb128.SizeOf(value).ShouldBe(n);
        Uleb128.TryRead(buffer.AsSpan(0, n), out var back, out var read).ShouldBeTrue();
        back.ShouldBe(value);
        read.ShouldBe(n);
    }

    [Theory]
    [InlineData("")]
    [InlineData("80")]
    [InlineData("ffffffff")]
    [InlineData("ffffffffffffffffff02")]
    [InlineData("ffffffffffffffffffff01")]
    public void Uleb128_truncatedOrOverflowing_isRejected(string hex)
    {
        Uleb128.TryRead(DaveBytes.Hex(hex), out _, out _).ShouldBeFalse();
    }

    [Theory]
    [InlineData("aabbccddee", 5, "05870")]
    [InlineData(
        "aabbccddeebbccddeeffccddeeffaaddeeffaabbeeffaabbccffaabbccdd",
        30,
        "058708105556138052119572494877")]
    public void DisplayableCode_libdaveKnownAnswers_match(string data, int length, string code)
    {
        DisplayableCode.Generate(DaveBytes.Hex(data), length, 5).ShouldBe(code);
    }

    private static (DaveFrameDecryptor Decryptor, ManualTime Time) NewDecryptor()
    {
        var time = new ManualTime();
        var decryptor = new DaveFrameDecryptor(time);
        decryptor.AddKeyRatchet(new DaveKeyRatchet(DaveBytes.Hex(BaseSecret)));
        return (decryptor, time);
    }

    private static byte[] Frame(string key, uint nonce) => Frame(DaveBytes.Hex(key), nonce);

    private static byte[] Frame(byte[] key, uint nonce) => DaveFrameEncryptor.EncryptWith(key, nonce, [1, 2, 3, 4]);

    private static DaveFrameResult Decrypt(DaveFrameDecryptor decryptor, byte[] frame, out byte[] plain)
    {
        var output = new byte[frame.Length];
        var result = decryptor.Decrypt(frame, output, out var written);
        plain = output[..written];
        return result;
    }
}
