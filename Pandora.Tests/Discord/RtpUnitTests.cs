using System.Buffers.Binary;
using System.Text;
using Pandora.Discord.Voice.Internal;

namespace Pandora.Tests.Discord;

public sealed class RtpUnitTests
{
    [Fact]
    public void TryParse_csrcExtensionAndMarker_readsAllFields()
    {
        // V=2, X=1, CC=2; M=1, PT=120; seq 0x1234; ts 0x01020304; ssrc 0xdeadbeef; 2 CSRCs; preamble bede 0003.
        var data = Convert.FromHexString("92f81234010203" + "04deadbeef" + "0000000100000002" + "bede0003");

        RtpHeader.TryParse(data, out var header).ShouldBeTrue();

        header.CsrcCount.ShouldBe(2);
        header.Extension.ShouldBeTrue();
        header.Marker.ShouldBeTrue();
        header.PayloadType.ShouldBe((byte)120);
        header.Sequence.ShouldBe((ushort)0x1234);
        header.Timestamp.ShouldBe(0x01020304u);
        header.Ssrc.ShouldBe(0xdeadbeefu);
        header.ExtensionWords.ShouldBe(3);
        header.Length.ShouldBe(12 + 8 + 4);
        header.Padding.ShouldBeFalse();
    }

    [Fact]
    public void TryParse_truncatedCsrcList_returnsFalse()
    {
        RtpHeader.TryParse(Convert.FromHexString("8278000100000960000000010000"), out _).ShouldBeFalse();
    }

    [Fact]
    public void TryParse_plainHeader_lengthIsTwelve()
    {
        RtpHeader.TryParse(Convert.FromHexString("a07800010000096000000001"), out var header).ShouldBeTrue();

        header.Length.ShouldBe(12);
        header.Padding.ShouldBeTrue();
        header.Marker.ShouldBeFalse();
    }

    [Theory]
    [InlineData("8078", (int)DatagramKind.Audio)]
    [InlineData("80f8", (int)DatagramKind.Audio)]
    [InlineData("80c8", (int)DatagramKind.Rtcp)]
    [InlineData("80c9", (int)DatagramKind.Rtcp)]
    [InlineData("81cc", (int)DatagramKind.Rtcp)]
    [InlineData("8065", (int)DatagramKind.OtherPayload)]
    [InlineData("4078", (int)DatagramKind.NotRtp)]
    public void Classify_firstTwoBytes_givesKind(string start, int expected)
    {
        var data = new byte[40];
        Convert.FromHexString(start).CopyTo(data, 0);

        DatagramClassifier.Classify(data).ShouldBe((DatagramKind)expected);
    }

    [Fact]
    public void Classify_shortAndKeepAliveAndDiscovery_areNotAudio()
    {
        DatagramClassifier.Classify(new byte[11]).ShouldBe(DatagramKind.Short);
        DatagramClassifier.Classify(new byte[8]).ShouldBe(DatagramKind.KeepAlive);
        var discovery = new byte[74];
        IpDiscovery.WriteResponse(discovery, 1, "1.2.3.4", 5);
        DatagramClassifier.Classify(discovery).ShouldBe(DatagramKind.IpDiscovery);
    }

    [Fact]
    public void WriteRequest_ssrc_layoutMatchesBrief()
    {
        var request = new byte[74];

        IpDiscovery.WriteRequest(request, 0x01020304);

        request[..8].ShouldBe(new byte[] { 0, 1, 0, 70, 1, 2, 3, 4 });
        request[8..].ShouldAllBe(b => b == 0);
    }

    [Fact]
    public void TryParseResponse_handWrittenResponse_readsAddressAndPort()
    {
        var response = new byte[74];
        BinaryPrimitives.WriteUInt16BigEndian(response, 2);
        BinaryPrimitives.WriteUInt16BigEndian(response.AsSpan(2), 70);
        BinaryPrimitives.WriteUInt32BigEndian(response.AsSpan(4), 42);
        Encoding.ASCII.GetBytes("203.0.113.7").CopyTo(response, 8);
        BinaryPrimitives.WriteUInt16BigEndian(response.AsSpan(72), 50004);

        IpDiscovery.TryParseResponse(response, out var ssrc, out var address, out var port).ShouldBeTrue();

        ssrc.ShouldBe(42u);
        address.ShouldBe("203.0.113.7");
        port.ShouldBe((ushort)50004);
    }

    [Fact]
    public void TryParseResponse_wrongTypeOrLength_returnsFalse()
    {
        var response = new byte[74];
        IpDiscovery.WriteResponse(response, 1, "1.2.3.4", 5);
        response[1] = 1;

        IpDiscovery.TryParseResponse(response, out _, out _, out _).ShouldBeFalse();
        IpDiscovery.TryParseResponse(new byte[73], out _, out _, out _).ShouldBeFalse();
    }
}
