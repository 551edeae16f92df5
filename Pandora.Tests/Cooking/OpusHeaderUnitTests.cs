using System.Buffers.Binary;
using System.Text;
using Pandora.Cooking.Ogg;

namespace Pandora.Tests.Cooking;

public sealed class OpusHeaderUnitTests
{
    [Fact]
    public void ToPacket_rawHead_matchesRfc7845Layout()
    {
        byte[] packet = OpusHead.Raw.ToPacket();

        packet.ShouldBe(new byte[]
        {
            (byte)'O', (byte)'p', (byte)'u', (byte)'s', (byte)'H', (byte)'e', (byte)'a', (byte)'d',
            1, 2, 0x00, 0x0F, 0x80, 0xBB, 0x00, 0x00, 0, 0, 0,
        });
    }

    [Fact]
    public void TryParse_truncatedOrWrongHead_fails()
    {
        byte[] packet = OpusHead.Raw.ToPacket();

        OpusHead.TryParse(packet.AsSpan(0, 18), out _).ShouldBeFalse();
        packet[8] = 0x10; // major version 1: incompatible
        OpusHead.TryParse(packet, out _).ShouldBeFalse();
    }

    [Fact]
    public void ToPacket_tagsWithComments_roundTrips()
    {
        var tags = new OpusTags("vendor é", ["TITLE=x", "ARTIST=y"]);

        OpusTags.TryParse(tags.ToPacket(), out OpusTags? parsed).ShouldBeTrue();

        parsed!.Vendor.ShouldBe("vendor é");
        parsed.Comments.ShouldBe(["TITLE=x", "ARTIST=y"]);
    }

    [Theory]
    [InlineData(0x7FFFFFFFu, 0u)] // vendor length beyond the packet
    [InlineData(3u, 0x40000000u)] // comment count that cannot fit
    public void TryParse_lyingLengths_failsWithoutAllocating(uint vendorLength, uint count)
    {
        var packet = new byte[8 + 4 + 3 + 4];
        Encoding.ASCII.GetBytes("OpusTags").CopyTo(packet, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(packet.AsSpan(8), vendorLength);
        BinaryPrimitives.WriteUInt32LittleEndian(packet.AsSpan(15), count);

        OpusTags.TryParse(packet, out OpusTags? tags).ShouldBeFalse();

        tags.ShouldBeNull();
    }

    [Fact]
    public void TryParse_pandoraTrailingByte_ignoresIt()
    {
        byte[] packet = [.. new OpusTags("node-opus").ToPacket(), 0xFF];

        OpusTags.TryParse(packet, out OpusTags? tags).ShouldBeTrue();

        tags!.Vendor.ShouldBe("node-opus");
    }
}
