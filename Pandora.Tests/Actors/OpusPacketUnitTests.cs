using Pandora.Actors.Tracks;

namespace Pandora.Tests.Actors;

public sealed class OpusPacketUnitTests
{
    [Theory]
    [InlineData(new byte[] { 0xF8, 0xFF, 0xFE }, 960)] // CELT FB 20 ms, one frame
    [InlineData(new byte[] { 31 << 3 | 1, 0 }, 1920)] // CELT 20 ms, two frames (code 1)
    [InlineData(new byte[] { 28 << 3 | 2, 0 }, 240)] // CELT 2.5 ms, two frames (code 2)
    [InlineData(new byte[] { 0 << 3, 0 }, 480)] // SILK NB 10 ms
    [InlineData(new byte[] { 2 << 3, 0 }, 1920)] // SILK NB 40 ms
    [InlineData(new byte[] { 3 << 3, 0 }, 2880)] // SILK NB 60 ms
    [InlineData(new byte[] { 13 << 3, 0 }, 960)] // Hybrid SWB 20 ms
    [InlineData(new byte[] { 31 << 3 | 3, 3 }, 2880)] // code 3, three 20 ms frames
    public void GetDurationSamples_valid_toc_gives_samples(byte[] packet, int expected) =>
        OpusPacket.GetDurationSamples(packet).ShouldBe(expected);

    [Theory]
    [InlineData(new byte[] { })] // empty
    [InlineData(new byte[] { 31 << 3 | 3 })] // code 3 without its count byte
    [InlineData(new byte[] { 31 << 3 | 3, 0 })] // code 3 with zero frames
    [InlineData(new byte[] { 3 << 3 | 3, 3 })] // 3 x 60 ms = 180 ms > 120 ms
    public void GetDurationSamples_malformed_toc_gives_minus_one(byte[] packet) =>
        OpusPacket.GetDurationSamples(packet).ShouldBe(-1);
}
