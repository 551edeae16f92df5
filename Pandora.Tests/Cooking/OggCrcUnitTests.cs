using System.Text;
using Pandora.Cooking.Ogg;

namespace Pandora.Tests.Cooking;

public sealed class OggCrcUnitTests
{
    [Fact]
    public void Compute_checkString_isComplementOfPosixCksumCheck()
    {
        // CRC-32/CKSUM (reveng catalogue) is the same register with a final XOR of 0xFFFFFFFF and check value
        // 0x765E7680 for "123456789"; without the final XOR the Ogg CRC must be its complement.
        uint crc = OggCrc.Compute(Encoding.ASCII.GetBytes("123456789"));

        crc.ShouldBe(~0x765E7680u);
    }

    [Fact]
    public void Compute_captureAndVersion_matchesKnownPrefixValue()
    {
        // The CRC of the five fixed bytes "OggS\0" that start every page is a widely quoted constant.
        OggCrc.Compute("OggS\0"u8).ShouldBe(0xF07159BAu);
    }

    [Fact]
    public void Update_inPieces_equalsWhole()
    {
        byte[] data = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray();

        uint pieces = OggCrc.Update(OggCrc.Update(0, data.AsSpan(0, 333)), data.AsSpan(333));

        pieces.ShouldBe(OggCrc.Compute(data));
    }
}
