using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text.Json;
using Pandora.Discord;
using Pandora.Discord.Crypto;
using Pandora.Discord.Voice;
using Pandora.Discord.Voice.Internal;
using Pandora.Tests.Discord.Fakes;

namespace Pandora.Tests.Dave;

/// <summary>
/// The whole receive path with DAVE: a voice connection made by the factory (so with its default
/// <see cref="Pandora.Discord.Dave.DaveSession"/>) against a loopback voice gateway and UDP socket, with a davey member
/// welcoming us and speaking. Binary ops carry their seq prefix as Discord sends them.
/// </summary>
public sealed class DaveVoiceConnectionIntegrationTests(DaveyHarness harness)
    : IClassFixture<DaveyHarness>, IAsyncLifetime
{
    private const ulong Channel = 3;
    private const ulong Bot = 2;
    private const ulong Speaker = 555;
    private static readonly byte[] s_key = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();
    private readonly UdpClient _media = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly string _prefix = Guid.NewGuid().ToString("N")[..8];
    private FakeWebSocketServer _server = null!;
    private IVoiceConnection _connection = null!;
    private IPEndPoint? _client;
    private ushort _seq;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await FakeWebSocketServer.StartAsync();
        var factory = new VoiceConnectionFactory(new DiscordOptions { Token = "bot", VoiceScheme = "ws" });
        var info = new VoiceConnectionInfo(1, Channel, Bot, "voice-session", "voice-token", _server.HostPort);
        _connection = factory.Create(info);
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _server.DisposeAsync();
        _media.Dispose();
    }

    [Fact]
    public async Task DaveCall_welcomedByDavey_recordsDecryptedOpusAndDropsPlainFrames()
    {
        var socket = await HandshakeAsync();
        var keyPackage = await ReceiveBinaryAsync(socket, VoiceOpcode.DaveMlsKeyPackage);
        var gateway = await DaveyExternalSender.CreateAsync(harness, _prefix + "gw");
        var speaker = await DaveyMember.CreateAsync(harness, _prefix + "A", Speaker, Channel, gateway.Package);
        await speaker.KeyPackageAsync();
        await SendBinaryAsync(socket, VoiceOpcode.DaveMlsExternalSender, gateway.Package);
        await socket.SendAsync($$"""{"op":11,"d":{"user_ids":["{{Speaker}}"]},"seq":{{++_seq}}}""");

        // The speaker, alone and pending, commits our Add; we get its Welcome with transition 0.
        var groupId = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(groupId, Channel);
        var (add, _) = await gateway.ProposeAsync(groupId, 0, adds: [keyPackage]);
        var (commit, welcome) = await speaker.ProcessProposalsAsync(add, Speaker, Bot);
        await speaker.ProcessCommitAsync(commit!);
        await SendBinaryAsync(socket, VoiceOpcode.DaveMlsWelcome, [0, 0, .. welcome!]);
        await socket.SendAsync($$"""{"op":5,"d":{"user_id":"{{Speaker}}","ssrc":999,"speaking":1},"seq":{{++_seq}}}""");
        await WaitUntilAsync(() => _connection.Stats.Dave?.Epoch == 1);

        byte[] opus = [0xFC, 0x11, 0x22, 0x33];
        await SendRtpAsync(999, 1, 960, [0xFC, 0x99]);
        await SendRtpAsync(999, 2, 1920, await speaker.EncryptAsync(opus));
        var packet = await NextPacketAsync();

        packet.UserId.ShouldBe(Speaker);
        packet.Sequence.ShouldBe((ushort)2);
        packet.Opus.ToArray().ShouldBe(opus);
        var dave = _connection.Stats.Dave!.Value;
        dave.FramesDecrypted.ShouldBe(1);
        dave.FramesFailed.ShouldBe(1);
        dave.PrivacyCode.ShouldBe((await speaker.InfoAsync())["privacyCode"]!.GetValue<string>());
        _connection.Stats.DroppedDecryptFailed.ShouldBe(1);
    }

    [Fact]
    public async Task PlainCall_protocolVersionZero_deliversOpusUnchanged()
    {
        var socket = await HandshakeAsync(daveVersion: 0);
        await socket.SendAsync($$"""{"op":5,"d":{"user_id":"{{Speaker}}","ssrc":999,"speaking":1},"seq":{{++_seq}}}""");
        await WaitUntilAsync(() => _connection.Stats.DaveMessages == 0 && _connection.Stats.Dave is not null);

        await SendRtpAsync(999, 1, 960, [0xFC, 0x99, 0xFA, 0xFA]);
        var packet = await NextPacketAsync();

        packet.Opus.ToArray().ShouldBe(new byte[] { 0xFC, 0x99, 0xFA, 0xFA });
        _connection.Stats.Dave!.Value.FramesPassedThrough.ShouldBe(1);
        _connection.Stats.Dave!.Value.ProtocolVersion.ShouldBe(0);
    }

    private async Task SendBinaryAsync(FakeSocket socket, VoiceOpcode opcode, byte[] payload)
    {
        ++_seq;
        await socket.SendBinaryAsync([(byte)(_seq >> 8), (byte)_seq, (byte)opcode, .. payload]);
    }

    private static async Task<byte[]> ReceiveBinaryAsync(FakeSocket socket, VoiceOpcode opcode)
    {
        while (await socket.ReceiveFrameAsync() is var (type, data))
        {
            if (type == WebSocketMessageType.Binary && data[0] == (byte)opcode)
            {
                return data[1..];
            }
        }

        throw new InvalidOperationException($"socket ended before binary op {opcode}");
    }

    private async Task<FakeSocket> HandshakeAsync(int daveVersion = 1)
    {
        var connect = _connection.ConnectAsync(Ct);
        var socket = await _server.AcceptAsync();
        await socket.ReceiveOpAsync(0);
        await socket.SendAsync("""{"op":8,"d":{"heartbeat_interval":41250}}""");
        var port = ((IPEndPoint)_media.Client.LocalEndPoint!).Port;
        await socket.SendAsync($$$"""
            {"op":2,"d":{"ssrc":12345,"ip":"127.0.0.1","port":{{{port}}},"modes":["{{{TransportModes.AesGcmName}}}"]}}
            """);
        await AnswerDiscoveryAsync();
        await socket.ReceiveOpAsync(1);
        var key = JsonSerializer.Serialize(s_key.Select(b => (int)b));
        await socket.SendAsync($$$"""
            {"op":4,"d":{"mode":"{{{TransportModes.AesGcmName}}}","secret_key":{{{key}}},
             "dave_protocol_version":{{{daveVersion}}}},"seq":{{{++_seq}}}}
            """);
        await connect.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        return socket;
    }

    private async Task AnswerDiscoveryAsync()
    {
        while (true)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var received = await _media.ReceiveAsync(timeout.Token);
            if (received.Buffer.Length != IpDiscovery.PacketSize)
            {
                continue;
            }

            _client = received.RemoteEndPoint;
            var response = new byte[IpDiscovery.PacketSize];
            IpDiscovery.WriteResponse(response, BinaryPrimitives.ReadUInt32BigEndian(received.Buffer.AsSpan(4)),
                "127.0.0.1", (ushort)_client.Port);
            await _media.SendAsync(response, _client, Ct);
            return;
        }
    }

    private async Task SendRtpAsync(uint ssrc, ushort sequence, uint timestamp, byte[] frame)
    {
        TransportModes.TryParse(TransportModes.AesGcmName, out var transport).ShouldBeTrue();
        using var cipher = new TransportCipher(transport, s_key);
        var header = new byte[16];
        header[0] = 0x90;
        header[1] = 0xf8;
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(8), ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(12), 0xbede0001);
        byte[] plain = [0x10, 0xff, 0, 0, .. frame];
        var packet = new byte[header.Length + plain.Length + TransportCipher.Overhead];
        header.CopyTo(packet, 0);
        cipher.Encrypt(packet, header.Length, plain, sequence);
        await _media.SendAsync(packet, _client!, Ct);
    }

    private async Task<VoicePacket> NextPacketAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        return await _connection.Packets.ReadAsync(timeout.Token);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }
}
