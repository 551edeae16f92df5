using Pandora.Emulator.Dave;

namespace Pandora.Tests.Emulator;

/// <summary>The emulator's own DAVE frame encryption against the known answers of protocol brief §5.2.</summary>
public sealed class EmulatorDaveUnitTests
{
    private static readonly byte[] s_plaintext = Convert.FromHexString("fc0102030405060708090a0b0c0d0e0f");

    private static readonly byte[] s_base = Convert.FromHexString("cedd61b1b8a1ca69046554282cf70b7b");

    [Fact]
    public void KeyAt_daveyHashRatchetBase_matchesGenerationZeroAndOneKeys()
    {
        Convert.ToHexString(DaveFrameSealer.KeyAt(s_base, 0)).ShouldBe("7530F9A9945E2D2E06D0651F7B2A864B");
        Convert.ToHexString(DaveFrameSealer.KeyAt(s_base, 1)).ShouldBe("CDDD06E0F3437596BACB9C06A0329C49");
    }

    [Theory]
    [InlineData(0u, 1u, "2d24a9e84b85f61aa3ff477469f74cda7d343585fc5c0562010cfafa")]
    [InlineData(0u, 200u, "8df7ff401126e5c4807b5ca4296ef66cb7e164292f80d41dc8010dfafa")]
    [InlineData(1u, 0x01000005u, "245d2fe6331b4a1cf6788cc033896f634b5a57f40c25ebe8858080080ffafa")]
    public void Seal_knownKeyAndNonce_givesTheSelfComputedFrame(uint generation, uint nonce, string expected)
    {
        var frame = DaveFrameSealer.Seal(DaveFrameSealer.KeyAt(s_base, generation), nonce, s_plaintext);

        Convert.ToHexString(frame).ShouldBe(expected.ToUpperInvariant());
    }

    [Fact]
    public void Seal_firstFrameOfARatchet_usesNonceOneAndSilencePassesPlain()
    {
        var sealer = new DaveFrameSealer(s_base);

        Convert.ToHexString(sealer.Seal(s_plaintext))
            .ShouldBe("2D24A9E84B85F61AA3FF477469F74CDA7D343585FC5C0562010CFAFA");
        sealer.Seal([0xF8, 0xFF, 0xFE]).ShouldBe([0xF8, 0xFF, 0xFE]);
        sealer.Sealed.ShouldBe(1);
    }

    [Fact]
    public void BaseSecret_exporterAndUserId_usesTheLittleEndianContext()
    {
        var exporter = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

        Convert.ToHexString(DaveFrameSealer.BaseSecret(exporter, 158533742254751744))
            .ShouldBe("F2E61D22912FE6F4F597005126E4D569");
    }

    [Theory]
    [InlineData(0u, "00")]
    [InlineData(127u, "7F")]
    [InlineData(200u, "C801")]
    [InlineData(0x01000005u, "85808008")]
    public void Uleb128_values_encodeLeastSignificantGroupFirst(uint value, string expected) =>
        Convert.ToHexString(DaveFrameSealer.Uleb128(value)).ShouldBe(expected);
}
