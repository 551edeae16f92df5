using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Pandora.Discord;
using Pandora.Discord.Crypto;
using Pandora.Discord.Voice;
using Pandora.Discord.Voice.Internal;
using Pandora.Tests.Discord.Fakes;

namespace Pandora.Tests.Discord;

public sealed class VoiceConnectionIntegrationTests : IAsyncLifetime
{
    private static readonly byte[] s_key = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();
    private readonly UdpClient _media = new(new IPEndPoint(IPAddress.Loopback, 0));
    private FakeWebSocketServer _server = null!;
    private VoiceConnection _connection = null!;
    private IPEndPoint? _client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private int MediaPort => ((IPEndPoint)_media.Client.LocalEndPoint!).Port;

    public async ValueTask InitializeAsync()
    {
        _server = await FakeWebSocketServer.StartAsync();
        _connection = NewConnection();
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _server.DisposeAsync();
        _media.Dispose();
    }

    [Theory]
    [InlineData(TransportModes.AesGcmName)]
    [InlineData(TransportModes.XChaChaName)]
    public async Task ConnectAsync_fullHandshake_deliversDecryptedPacketWithUser(string mode)
    {
        var connect = _connection.ConnectAsync(Ct);
        var socket = await _server.AcceptAsync();
        var identify = (await socket.ReceiveOpAsync(0)).GetProperty("d");
        await socket.SendAsync("""{"op":8,"d":{"heartbeat_interval":41250.5,"v":8}}""");
        string[] modes = mode == TransportModes.AesGcmName ? [TransportModes.XChaChaName, mode] : [mode];
        await socket.SendAsync(ReadyJson(modes));
        var request = await AnswerDiscoveryAsync();
        var select = (await socket.ReceiveOpAsync(1)).GetProperty("d");
        await socket.SendAsync(SessionDescriptionJson(mode, seq: 1));
        await connect.WaitAsync(TimeSpan.FromSeconds(5), Ct);

        socket.Query.ShouldBe("?v=8");
        identify.GetProperty("server_id").GetString().ShouldBe("1");
        identify.GetProperty("user_id").GetString().ShouldBe("2");
        identify.GetProperty("session_id").GetString().ShouldBe("voice-session");
        identify.GetProperty("token").GetString().ShouldBe("voice-token");
        identify.GetProperty("max_dave_protocol_version").GetInt32().ShouldBe(1);
        request[..8].ShouldBe(new byte[] { 0, 1, 0, 70, 0, 0, 0x30, 0x39 });
        select.GetProperty("protocol").GetString().ShouldBe("udp");
        select.GetProperty("data").GetProperty("address").GetString().ShouldBe("127.0.0.1");
        select.GetProperty("data").GetProperty("port").GetInt32().ShouldBe(_client!.Port);
        select.GetProperty("data").GetProperty("mode").GetString().ShouldBe(mode);
        var ready = (await NextEventAsync()).ShouldBeOfType<VoiceSessionReady>();
        ready.ShouldBe(new VoiceSessionReady(12345, mode, 0));

        await socket.SendAsync("""{"op":5,"d":{"user_id":"555","ssrc":999,"speaking":1}}""");
        (await NextEventAsync()).ShouldBe(new VoiceSpeaking(555, 999, 1));
        await SendRtpAsync(mode, ssrc: 999, sequence: 100, timestamp: 48000, [0xfc, 9, 8, 7]);
        var packet = await NextPacketAsync();

        (packet.UserId, packet.Ssrc, packet.Sequence, packet.Timestamp).ShouldBe((555ul, 999u, (ushort)100, 48000u));
        packet.Opus.ToArray().ShouldBe(new byte[] { 0xfc, 9, 8, 7 });
        packet.ReceivedAt.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Packet_beforeSpeaking_isHeldUntilOp5()
    {
        var socket = await HandshakeAsync();

        await SendRtpAsync(TransportModes.AesGcmName, ssrc: 77, sequence: 1, timestamp: 960, [1, 2, 3]);
        await WaitUntilAsync(() => _connection.Stats.PacketsHeld == 1);
        await socket.SendAsync("""{"op":5,"d":{"user_id":"66","ssrc":77,"speaking":1}}""");
        var packet = await NextPacketAsync();

        packet.UserId.ShouldBe(66ul);
        packet.Opus.ToArray().ShouldBe(new byte[] { 1, 2, 3 });
    }

    [Fact]
    public async Task Resume_afterDroppedSocket_sendsOp7AndKeepsKeys()
    {
        var first = await HandshakeAsync();
        await first.SendAsync("""{"op":5,"d":{"user_id":"555","ssrc":999,"speaking":1},"seq":2}""");
        (await NextEventAsync()).ShouldBeOfType<VoiceSpeaking>();

        first.Abort();
        var second = await _server.AcceptAsync();
        var resume = (await second.ReceiveOpAsync(7)).GetProperty("d");
        await second.SendAsync("""{"op":8,"d":{"heartbeat_interval":41250}}""");
        await second.SendAsync("""{"op":9,"d":null}""");
        (await NextEventAsync()).ShouldBeOfType<VoiceResumed>();
        await SendRtpAsync(TransportModes.AesGcmName, ssrc: 999, sequence: 5, timestamp: 960, [4, 5]);
        var packet = await NextPacketAsync();

        resume.GetProperty("server_id").GetString().ShouldBe("1");
        resume.GetProperty("session_id").GetString().ShouldBe("voice-session");
        resume.GetProperty("token").GetString().ShouldBe("voice-token");
        resume.GetProperty("seq_ack").GetInt32().ShouldBe(2);
        packet.UserId.ShouldBe(555ul);
        _connection.Stats.Resumes.ShouldBe(1);
    }

    [Fact]
    public async Task Heartbeat_carriesSeqAckFromJsonAndBinary()
    {
        var connect = _connection.ConnectAsync(Ct);
        var socket = await _server.AcceptAsync();
        await socket.ReceiveOpAsync(0);
        await socket.SendAsync("""{"op":8,"d":{"heartbeat_interval":60}}""");
        await socket.SendAsync("""{"op":24,"d":{"protocol_version":1,"epoch":1},"seq":7}""");
        await socket.SendBinaryAsync([0x01, 0x02, 25, 0xaa, 0xbb]);

        JsonElement heartbeat;
        do
        {
            heartbeat = (await socket.ReceiveOpAsync(3)).GetProperty("d");
            await socket.SendAsync("""{"op":6,"d":{"t":1}}""");
        }
        while (heartbeat.GetProperty("seq_ack").GetInt32() != 0x0102);

        heartbeat.GetProperty("t").GetInt64().ShouldBeGreaterThan(0);
        _connection.Stats.DaveMessages.ShouldBe(2);
        connect.IsCompleted.ShouldBeFalse();
    }

    [Fact]
    public async Task Heartbeat_threeUnanswered_resumesOnNewSocket()
    {
        _ = _connection.ConnectAsync(Ct);
        var first = await _server.AcceptAsync();
        await first.ReceiveOpAsync(0);
        await first.SendAsync("""{"op":8,"d":{"heartbeat_interval":80}}""");
        await first.SendAsync(ReadyJson([TransportModes.AesGcmName]));
        await AnswerDiscoveryAsync();

        var heartbeats = 0;
        while (await first.ReceiveAsync() is { } message)
        {
            heartbeats += message.GetProperty("op").GetInt32() == 3 ? 1 : 0;
        }

        var second = await _server.AcceptAsync();
        await second.ReceiveOpAsync(7);
        heartbeats.ShouldBe(3);
    }

    [Fact]
    public async Task IpDiscovery_firstRequestLost_retriesAndSelectsProtocol()
    {
        _ = _connection.ConnectAsync(Ct);
        var socket = await _server.AcceptAsync();
        await socket.ReceiveOpAsync(0);
        await socket.SendAsync(ReadyJson([TransportModes.XChaChaName]));

        var request = await AnswerDiscoveryAsync(ignore: 1);
        var select = (await socket.ReceiveOpAsync(1)).GetProperty("d");

        BinaryPrimitives.ReadUInt32BigEndian(request.AsSpan(4)).ShouldBe(12345u);
        select.GetProperty("data").GetProperty("port").GetInt32().ShouldBe(_client!.Port);
    }

    [Fact]
    public async Task Close4015_voiceServerCrashed_resumes()
    {
        var first = await HandshakeAsync();

        await first.CloseAsync(4015, "Voice server crashed.");
        var second = await _server.AcceptAsync();

        (await second.ReceiveOpAsync(7)).GetProperty("d").GetProperty("seq_ack").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task Close4014_afterSession_reportsNoRejoinAndCompletes()
    {
        var socket = await HandshakeAsync();

        await socket.CloseAsync(4014, "Disconnected.");

        var closed = (await NextEventAsync()).ShouldBeOfType<VoiceClosed>();
        closed.ShouldBe(new VoiceClosed(4014, "Disconnected.", false));
        await _connection.Events.Completion.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        await _connection.Packets.Completion.WaitAsync(TimeSpan.FromSeconds(5), Ct);
    }

    [Fact]
    public async Task Close4006_beforeSession_failsConnectWithRejoin()
    {
        var connect = _connection.ConnectAsync(Ct);
        var socket = await _server.AcceptAsync();
        await socket.ReceiveOpAsync(0);

        await socket.CloseAsync(4006, "Session no longer valid.");

        var ex = await Should.ThrowAsync<DiscordVoiceException>(() => connect.WaitAsync(TimeSpan.FromSeconds(5), Ct));
        ex.CloseCode.ShouldBe(4006);
        ex.Rejoin.ShouldBeTrue();
        ex.Message.ShouldNotContain("voice-token");
    }

    [Fact]
    public async Task Receive_garbageAndUnknownOps_countedAndSurvived()
    {
        var socket = await HandshakeAsync();

        await socket.SendAsync("{oops");
        await socket.SendAsync("""{"op":18,"d":{"user_id":"1","flags":2}}""");
        await socket.SendAsync("""{"op":5,"d":{"ssrc":1}}""");
        await socket.SendBinaryAsync([0x00]);
        await socket.SendAsync("""{"op":13,"d":{"user_id":"44"}}""");

        (await NextEventAsync()).ShouldBe(new VoiceClientDisconnected(44));
        var stats = _connection.Stats;
        stats.MalformedMessages.ShouldBe(3);
        stats.UnknownOpcodes.ShouldBe(1);
    }

    [Fact]
    public async Task DaveHook_messagesForwardedAndRepliesSent()
    {
        var hook = new RecordingDaveHook();
        await _connection.DisposeAsync();
        _connection = NewConnection(hook);
        var socket = await HandshakeAsync();

        await socket.SendBinaryAsync([0x00, 0x03, 25, 0xde, 0xad]);
        await socket.SendAsync("""{"op":11,"d":{"user_ids":["8","9"]}}""");
        (await NextEventAsync()).ShouldBeOfType<VoiceClientsConnected>().UserIds.ShouldBe([8ul, 9ul]);
        (await hook.Sender!.TrySendBinaryAsync(VoiceOpcode.DaveMlsKeyPackage, new byte[] { 1, 2 }, Ct)).ShouldBeTrue();
        var frame = await socket.ReceiveFrameAsync();

        hook.DaveVersion.ShouldBe(0);
        hook.Binary.ShouldBe(["25:dead"]);
        hook.Json.ShouldBe(["11"]);
        frame!.Value.Type.ShouldBe(System.Net.WebSockets.WebSocketMessageType.Binary);
        frame.Value.Data.ShouldBe(new byte[] { 26, 1, 2 });
    }

    [Fact]
    public async Task KeepAlive_afterSession_sendsEightByteDatagram()
    {
        await HandshakeAsync();

        byte[] datagram;
        do
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            datagram = (await _media.ReceiveAsync(timeout.Token)).Buffer;
        }
        while (datagram.Length == IpDiscovery.PacketSize);

        datagram.ShouldBe(new byte[8]);
    }

    private VoiceConnection NewConnection(IDaveSessionHook? dave = null) =>
        new(
            new VoiceConnectionInfo(1, 3, 2, "voice-session", "voice-token", _server.HostPort),
            new DiscordOptions { Token = "bot", VoiceScheme = "ws" },
            dave)
        {
            Timings = VoiceTimings.Default with
            {
                DiscoveryTimeout = TimeSpan.FromMilliseconds(500),
                ReconnectBackoff = TimeSpan.FromMilliseconds(20),
                CloseTimeout = TimeSpan.FromMilliseconds(300),
            },
        };

    /// <summary>Identify, Hello, Ready, discovery, Select Protocol, Session Description (AES-GCM, seq 1); drains
    /// the VoiceSessionReady event.</summary>
    private async Task<FakeSocket> HandshakeAsync()
    {
        var connect = _connection.ConnectAsync(Ct);
        var socket = await _server.AcceptAsync();
        await socket.ReceiveOpAsync(0);
        await socket.SendAsync("""{"op":8,"d":{"heartbeat_interval":41250}}""");
        await socket.SendAsync(ReadyJson([TransportModes.AesGcmName]));
        await AnswerDiscoveryAsync();
        await socket.ReceiveOpAsync(1);
        await socket.SendAsync(SessionDescriptionJson(TransportModes.AesGcmName, seq: 1));
        await connect.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        (await NextEventAsync()).ShouldBeOfType<VoiceSessionReady>();
        return socket;
    }

    /// <summary>Reads datagrams until the 74-byte request, answers with the sender's address; returns the request.
    /// </summary>
    private async Task<byte[]> AnswerDiscoveryAsync(int ignore = 0)
    {
        while (true)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var received = await _media.ReceiveAsync(timeout.Token);
            if (received.Buffer.Length != IpDiscovery.PacketSize || ignore-- > 0)
            {
                continue;
            }

            _client = received.RemoteEndPoint;
            var response = new byte[IpDiscovery.PacketSize];
            IpDiscovery.WriteResponse(response, BinaryPrimitives.ReadUInt32BigEndian(received.Buffer.AsSpan(4)),
                "127.0.0.1", (ushort)_client.Port);
            await _media.SendAsync(response, _client, Ct);
            return received.Buffer;
        }
    }

    private async Task SendRtpAsync(string mode, uint ssrc, ushort sequence, uint timestamp, byte[] opus)
    {
        TransportModes.TryParse(mode, out var transport).ShouldBeTrue();
        using var cipher = new TransportCipher(transport, s_key);
        var header = new byte[16];
        header[0] = 0x90;
        header[1] = 0xf8;
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(2), sequence);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(8), ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(12), 0xbede0001);
        byte[] plain = [0x10, 0xff, 0, 0, .. opus];
        var packet = new byte[header.Length + plain.Length + TransportCipher.Overhead];
        header.CopyTo(packet, 0);
        cipher.Encrypt(packet, header.Length, plain, sequence);
        await _media.SendAsync(packet, _client!, Ct);
    }

    private string ReadyJson(string[] modes)
    {
        var modeList = JsonSerializer.Serialize(modes);
        return $$$"""
            {"op":2,"d":{"ssrc":12345,"ip":"127.0.0.1","port":{{{MediaPort}}},"modes":{{{modeList}}},
             "heartbeat_interval":1}}
            """;
    }

    private static string SessionDescriptionJson(string mode, int seq)
    {
        var key = JsonSerializer.Serialize(s_key.Select(b => (int)b));
        return $$$"""
            {"op":4,"d":{"mode":"{{{mode}}}","secret_key":{{{key}}},"dave_protocol_version":0},"seq":{{{seq}}}}
            """;
    }

    private async Task<VoiceEvent> NextEventAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        return await _connection.Events.ReadAsync(timeout.Token);
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

    private sealed class RecordingDaveHook : IDaveSessionHook
    {
        public IVoiceGatewaySender? Sender { get; private set; }

        public int? DaveVersion { get; private set; }

        public List<string> Binary { get; } = [];

        public List<string> Json { get; } = [];

        public void Attach(IVoiceGatewaySender sender) => Sender = sender;

        public void OnSessionDescription(int daveProtocolVersion) => DaveVersion = daveProtocolVersion;

        public void OnJsonMessage(int opcode, JsonElement data) => Json.Add(opcode.ToString());

        public void OnBinaryMessage(int opcode, ReadOnlySpan<byte> payload) =>
            Binary.Add($"{opcode}:{Convert.ToHexString(payload).ToLowerInvariant()}");

        public bool TryDecryptFrame(ulong userId, ReadOnlyMemory<byte> frame, out ReadOnlyMemory<byte> opus)
        {
            opus = frame;
            return true;
        }
    }
}
