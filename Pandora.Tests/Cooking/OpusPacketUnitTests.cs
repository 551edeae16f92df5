using Pandora.Cooking.Ogg;

namespace Pandora.Tests.Cooking;

public sealed class OpusPacketUnitTests
{
    [Theory]
    [InlineData(0, 480)] // SILK NB 10 ms
    [InlineData(1, 960)] // SILK NB 20 ms
    [InlineData(2, 1920)] // SILK NB 40 ms
    [InlineData(3, 2880)] // SILK NB 60 ms
    [InlineData(11, 2880)] // SILK WB 60 ms
    [InlineData(12, 480)] // Hybrid SWB 10 ms
    [InlineData(15, 960)] // Hybrid FB 20 ms
    [InlineData(16, 120)] // CELT NB 2.5 ms
    [InlineData(17, 240)] // CELT NB 5 ms
    [InlineData(18, 480)] // CELT NB 10 ms
    [InlineData(31, 960)] // CELT FB 20 ms
    public void GetFrameSamples_config_matchesRfc6716Table2(int config, int samples)
    {
        OpusPacket.GetFrameSamples((byte)(config << 3)).ShouldBe(samples);
    }

    [Theory]
    [InlineData(new byte[] { 0xF8, 1 }, 960)] // code 0: one frame
    [InlineData(new byte[] { 0xF9, 1, 1 }, 1920)] // code 1: two equal frames
    [InlineData(new byte[] { 0xFA, 1, 1 }, 1920)] // code 2: two frames
    [InlineData(new byte[] { 0xFB, 0x03, 1 }, 2880)] // code 3: three frames
    [InlineData(new byte[] { 0x1B, 0x02, 1 }, 5760)] // code 3: two 60 ms SILK frames = 120 ms, the limit
    [InlineData(new byte[] { 0x18, 0 }, 2880)] // config 3, code 0: 60 ms
    public void TryGetSamples_validToc_returnsDuration(byte[] packet, int samples)
    {
        OpusPacket.TryGetSamples(packet, out int result).ShouldBeTrue();

        result.ShouldBe(samples);
    }

    [Theory]
    [InlineData(new byte[0])] // empty
    [InlineData(new byte[] { 0xFB })] // code 3 without its count byte
    [InlineData(new byte[] { 0xFB, 0x00 })] // code 3 with zero frames
    [InlineData(new byte[] { 0x1B, 0x03, 1 })] // 180 ms, over the 120 ms limit
    [InlineData(new byte[] { 0xFB, 0x3F, 1 })] // 63 x 20 ms
    public void TryGetSamples_invalidToc_returnsFalse(byte[] packet)
    {
        OpusPacket.TryGetSamples(packet, out int result).ShouldBeFalse();

        result.ShouldBe(0);
    }
}
