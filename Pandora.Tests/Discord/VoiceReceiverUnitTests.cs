using System.Buffers.Binary;
using System.Diagnostics;
using System.Threading.Channels;
using Pandora.Discord.Crypto;
using Pandora.Discord.Voice;
using Pandora.Discord.Voice.Internal;

namespace Pandora.Tests.Discord;

public sealed class VoiceReceiverUnitTests : IDisposable
{
    private static readonly byte[] s_key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
    private readonly Channel<VoicePacket> _packets = Channel.CreateUnbounded<VoicePacket>();
    private readonly VoiceReceiver _receiver;
    private readonly TransportCipher _sender = new(TransportMode.AeadAes256GcmRtpSize, s_key);

    public VoiceReceiverUnitTests()
    {
        _receiver = new VoiceReceiver(_packets.Writer, NoDaveSessionHook.Instance);
        _receiver.SetCipher(new TransportCipher(TransportMode.AeadAes256GcmRtpSize, s_key));
    }

    public void Dispose()
    {
        _receiver.Dispose();
        _sender.Dispose();
    }

    [Fact]
    public void Process_briefAesPacketWithKnownSsrc_emitsOpus()
    {
        _receiver.MapSsrc(0xabcd, 77);
        var packet = Convert.FromHexString(
            "90780001000009600000abcdbede00014f18d48186292188ebd709f64a6166698f9c612c46490f8a6dd700000007");

        _receiver.Process(packet, 1234);

        _packets.Reader.TryRead(out var p).ShouldBeTrue();
        p.UserId.ShouldBe(77ul);
        p.Ssrc.ShouldBe(0xabcdu);
        p.Sequence.ShouldBe((ushort)1);
        p.Timestamp.ShouldBe(0x960u);
        p.Opus.ToArray().ShouldBe(new byte[] { 0xfc, 1, 2, 3, 4, 5 });
        p.ReceivedAt.ShouldBe(1234);
        _receiver.Snapshot(0, 0).PacketsDecrypted.ShouldBe(1);
    }

    [Fact]
    public void Process_paddedPacket_stripsPadding()
    {
        _receiver.MapSsrc(5, 1);

        _receiver.Process(Build(5, 1, [0xaa, 0xbb, 0, 0, 3], padding: true), 0);

        _packets.Reader.TryRead(out var p).ShouldBeTrue();
        p.Opus.ToArray().ShouldBe(new byte[] { 0xaa, 0xbb });
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    public void Process_badPaddingCount_dropsAndCounts(byte count)
    {
        _receiver.MapSsrc(5, 1);

        _receiver.Process(Build(5, 1, [0xaa, 0xbb, count], padding: true), 0);

        _packets.Reader.TryRead(out _).ShouldBeFalse();
        var stats = _receiver.Snapshot(0, 0);
        stats.DroppedBadPadding.ShouldBe(1);
        stats.DroppedDecryptFailed.ShouldBe(1);
    }

    [Fact]
    public void Process_tamperedAndShortAndRtcp_areCountedNotEmitted()
    {
        _receiver.MapSsrc(5, 1);
        var tampered = Build(5, 1, [1, 2, 3]);
        tampered[^6] ^= 0x40;
        var rtcp = new byte[28];
        rtcp[0] = 0x80;
        rtcp[1] = 200;

        _receiver.Process(tampered, 0);
        _receiver.Process(new byte[5], 0);
        _receiver.Process(rtcp, 0);
        _receiver.Process(Build(5, 2, [1, 2, 3])[..30], 0);

        _packets.Reader.TryRead(out _).ShouldBeFalse();
        var stats = _receiver.Snapshot(0, 0);
        stats.PacketsReceived.ShouldBe(4);
        stats.DroppedDecryptFailed.ShouldBe(1);
        stats.DroppedShort.ShouldBe(2);
        stats.IgnoredRtcp.ShouldBe(1);
    }

    [Fact]
    public void Process_unknownSsrc_heldThenReleasedBySpeaking()
    {
        var now = Stopwatch.GetTimestamp();
        _receiver.Process(Build(9, 10, [1]), now);
        _receiver.Process(Build(9, 11, [2]), now);
        _packets.Reader.TryRead(out _).ShouldBeFalse();

        _receiver.MapSsrc(9, 123);

        _packets.Reader.TryRead(out var first).ShouldBeTrue();
        _packets.Reader.TryRead(out var second).ShouldBeTrue();
        (first.UserId, first.Sequence, second.Sequence).ShouldBe((123ul, (ushort)10, (ushort)11));
        _receiver.Snapshot(0, 0).PacketsHeld.ShouldBe(2);
    }

    [Fact]
    public void ExpireHeld_afterHoldTime_dropsAndCounts()
    {
        var then = Stopwatch.GetTimestamp();
        _receiver.Process(Build(9, 10, [1]), then);

        _receiver.ExpireHeld(then + (2 * Stopwatch.Frequency));
        _receiver.MapSsrc(9, 123);

        _packets.Reader.TryRead(out _).ShouldBeFalse();
        _receiver.Snapshot(0, 0).DroppedUnknownSsrc.ShouldBe(1);
    }

    [Fact]
    public void Process_moreThanFiftyHeld_dropsOldest()
    {
        var now = Stopwatch.GetTimestamp();
        for (var i = 0; i < 55; i++)
        {
            _receiver.Process(Build(9, (ushort)i, [1]), now);
        }

        _receiver.MapSsrc(9, 1);

        _packets.Reader.Count.ShouldBe(50);
        _packets.Reader.TryRead(out var first).ShouldBeTrue();
        first.Sequence.ShouldBe((ushort)5);
        _receiver.Snapshot(0, 0).DroppedUnknownSsrc.ShouldBe(5);
    }

    [Fact]
    public void Process_gapDuplicateAndLate_countedPerSsrc()
    {
        _receiver.MapSsrc(5, 1);
        foreach (var seq in new ushort[] { 65534, 65535, 2, 2, 1 })
        {
            _receiver.Process(Build(5, seq, [1]), 0);
        }

        var stats = _receiver.Snapshot(0, 0);
        stats.PacketsDuplicate.ShouldBe(1);
        stats.PacketsOutOfOrder.ShouldBe(1);
        stats.PacketsLost.ShouldBe(1);
        _packets.Reader.Count.ShouldBe(4);
    }

    [Fact]
    public void Process_csrcAndExtension_stripsDecryptedExtensionBody()
    {
        _receiver.MapSsrc(5, 1);
        var header = Convert.FromHexString("9178000700000960000000050000abcdbede0002");
        var plain = Convert.FromHexString("1101020304050607" + "f8fffe");
        var packet = new byte[header.Length + plain.Length + TransportCipher.Overhead];
        header.CopyTo(packet, 0);
        _sender.Encrypt(packet, header.Length, plain, 3);

        _receiver.Process(packet, 0);

        _packets.Reader.TryRead(out var p).ShouldBeTrue();
        p.Opus.ToArray().ShouldBe(new byte[] { 0xf8, 0xff, 0xfe });
    }

    private byte[] Build(uint ssrc, ushort sequence, byte[] plain, bool padding = false)
    {
        var packet = new byte[12 + plain.Length + TransportCipher.Overhead];
        packet[0] = (byte)(padding ? 0xa0 : 0x80);
        packet[1] = 0x78;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), sequence * 960u);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), ssrc);
        _sender.Encrypt(packet, 12, plain, sequence);
        return packet;
    }
}
