using System.Text.Json;
using Pandora.Discord;
using Pandora.Discord.Gateway;
using Pandora.Discord.Gateway.Internal;
using Pandora.Tests.Discord.Fakes;

namespace Pandora.Tests.Discord;

public sealed class GatewayClientIntegrationTests : IAsyncLifetime
{
    private const string Token = "gateway-secret-token";
    private FakeWebSocketServer _server = null!;
    private GatewayClient _client = null!;
    private StubRest _rest = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await FakeWebSocketServer.StartAsync();
        _rest = new StubRest(_server.BaseUri);
        _client = NewClient();
    }

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task StartAsync_helloThenReady_identifiesAndCompletes()
    {
        var start = _client.StartAsync(Ct);
        var socket = await _server.AcceptAsync();
        await socket.SendAsync(Hello(45000));

        var identify = (await socket.ReceiveOpAsync(2)).GetProperty("d");
        await socket.SendAsync(Ready(1));
        await start.WaitAsync(TimeSpan.FromSeconds(5), Ct);

        socket.Query.ShouldBe("?v=10&encoding=json");
        identify.GetProperty("token").GetString().ShouldBe(Token);
        identify.GetProperty("intents").GetInt32().ShouldBe(129);
        var properties = identify.GetProperty("properties");
        properties.GetProperty("os").GetString().ShouldBe("linux");
        properties.GetProperty("browser").GetString().ShouldBe("pandora");
        properties.GetProperty("device").GetString().ShouldBe("pandora");
        _client.CurrentUser!.Id.ShouldBe(42ul);
        _client.ApplicationId.ShouldBe(4242ul);
        var ready = (await NextEventAsync()).ShouldBeOfType<ReadyEvent>();
        ready.User.Username.ShouldBe("pandora");
        ready.SessionId.ShouldBe("session-1");
    }

    [Fact]
    public async Task Heartbeat_afterDispatches_carriesLastSequence()
    {
        await using var client = NewClient(jitter: 1);
        var start = client.StartAsync(Ct);
        var socket = await _server.AcceptAsync();
        await socket.SendAsync(Hello(150));
        await socket.ReceiveOpAsync(2);
        await socket.SendAsync(Ready(5));
        await socket.SendAsync(Dispatch("TYPING_START", 6, "{}"));
        await start;

        var heartbeat = await socket.ReceiveOpAsync(1);

        heartbeat.GetProperty("d").GetInt64().ShouldBe(6);
        client.Stats.DispatchesIgnored.ShouldBe(1);
    }

    [Fact]
    public async Task ServerHeartbeatRequest_op1_heartbeatsAtOnce()
    {
        var socket = await StartReadyAsync(_client, seq: 9);

        await socket.SendAsync("""{"op":1,"d":null}""");
        var heartbeat = await socket.ReceiveOpAsync(1, TimeSpan.FromSeconds(2));

        heartbeat.GetProperty("d").GetInt64().ShouldBe(9);
    }

    [Fact]
    public async Task Reconnect_afterAbnormalClose_resumesOnResumeUrl()
    {
        var first = await StartReadyAsync(_client, seq: 3);
        first.Abort();

        var second = await _server.AcceptAsync();
        await second.SendAsync(Hello(45000));
        var resume = await second.ReceiveOpAsync(6);
        await second.SendAsync(Dispatch("RESUMED", 4, "{}"));

        second.Path.ShouldBe("/resume");
        second.Query.ShouldBe("?v=10&encoding=json");
        var d = resume.GetProperty("d");
        d.GetProperty("token").GetString().ShouldBe(Token);
        d.GetProperty("session_id").GetString().ShouldBe("session-1");
        d.GetProperty("seq").GetInt64().ShouldBe(3);
        (await NextEventAsync()).ShouldBeOfType<ReadyEvent>();
        (await NextEventAsync()).ShouldBeOfType<ResumedEvent>();
        _rest.GatewayCalls.ShouldBe(1);
    }

    [Fact]
    public async Task Reconnect_op7_closesWithNon1000AndResumes()
    {
        var first = await StartReadyAsync(_client, seq: 8);

        await first.SendAsync("""{"op":7,"d":null}""");
        var code = await first.ReceiveUntilClosedAsync();
        var second = await _server.AcceptAsync();
        await second.SendAsync(Hello(45000));
        var resume = await second.ReceiveOpAsync(6);

        code.ShouldNotBeNull().ShouldNotBe(1000);
        resume.GetProperty("d").GetProperty("seq").GetInt64().ShouldBe(8);
    }

    [Theory]
    [InlineData(false, 2)]
    [InlineData(true, 6)]
    public async Task InvalidSession_op9_identifiesOrResumes(bool resumable, int expectedOp)
    {
        var first = await StartReadyAsync(_client, seq: 2);

        await first.SendAsync($$"""{"op":9,"d":{{(resumable ? "true" : "false")}}}""");
        var second = await _server.AcceptAsync();
        await second.SendAsync(Hello(45000));
        var next = await second.ReceiveAsync();

        next!.Value.GetProperty("op").GetInt32().ShouldBe(expectedOp);
        _client.Stats.Identifies.ShouldBe(expectedOp == 2 ? 2 : 1);
    }

    [Fact]
    public async Task Close4009_afterReady_identifiesAgain()
    {
        var first = await StartReadyAsync(_client, seq: 2);

        await first.CloseAsync(4009, "session timed out");
        var second = await _server.AcceptAsync();
        await second.SendAsync(Hello(45000));
        var next = await second.ReceiveAsync();

        next!.Value.GetProperty("op").GetInt32().ShouldBe(2);
        second.Path.ShouldBe("/");
    }

    [Fact]
    public async Task Close4004_beforeReady_stopsAndReports()
    {
        var start = _client.StartAsync(Ct);
        var socket = await _server.AcceptAsync();
        await socket.SendAsync(Hello(45000));
        await socket.ReceiveOpAsync(2);

        await socket.CloseAsync(4004, "Authentication failed.");

        var ex = await Should.ThrowAsync<DiscordGatewayException>(() => start.WaitAsync(TimeSpan.FromSeconds(5), Ct));
        ex.CloseCode.ShouldBe(4004);
        ex.Message.ShouldNotContain(Token);
        var stopped = (await NextEventAsync()).ShouldBeOfType<GatewayStoppedEvent>();
        stopped.CloseCode.ShouldBe(4004);
    }

    [Fact]
    public async Task Heartbeat_noAck_detectsZombieAndResumes()
    {
        await using var client = NewClient(jitter: 1);
        var start = client.StartAsync(Ct);
        var first = await _server.AcceptAsync();
        await first.SendAsync(Hello(300));
        await first.ReceiveOpAsync(2);
        await first.SendAsync(Ready(1));
        await start;

        var code = await first.ReceiveUntilClosedAsync();
        var second = await _server.AcceptAsync();
        await second.SendAsync(Hello(45000));
        await second.ReceiveOpAsync(6);

        code.ShouldNotBe(1000);
        client.Stats.ZombieConnections.ShouldBe(1);
    }

    [Fact]
    public async Task Receive_garbage_countedAndSurvived()
    {
        var socket = await StartReadyAsync(_client, seq: 1);

        await socket.SendAsync("{not json");
        await socket.SendAsync("[1,2,3]");
        await socket.SendAsync("""{"op":99,"d":null}""");
        await socket.SendAsync(Dispatch("VOICE_STATE_UPDATE", 2, """{"guild_id":"1","session_id":"x"}"""));
        await socket.SendAsync(Dispatch("VOICE_SERVER_UPDATE", 3,
            """{"guild_id":"7","token":"vt","endpoint":"voice.example:443"}"""));

        (await NextEventAsync()).ShouldBeOfType<ReadyEvent>();
        var server = (await NextEventAsync()).ShouldBeOfType<VoiceServerUpdateEvent>();
        server.Endpoint.ShouldBe("voice.example:443");
        var stats = _client.Stats;
        stats.MalformedMessages.ShouldBe(1);
        stats.UnknownOpcodes.ShouldBe(1);
        stats.MissingFields.ShouldBe(2);
        stats.Connections.ShouldBe(1);
    }

    [Fact]
    public async Task DisposeAsync_twice_reportsStoppedOnce()
    {
        await StartReadyAsync(_client, seq: 1);

        await _client.DisposeAsync();
        await _client.DisposeAsync();

        (await NextEventAsync()).ShouldBeOfType<ReadyEvent>();
        (await NextEventAsync()).ShouldBe(new GatewayStoppedEvent(null, "disposed"));
        await _client.Events.Completion.WaitAsync(TimeSpan.FromSeconds(5), Ct);
    }

    [Fact]
    public async Task UpdateVoiceStateAsync_connected_sendsOp4()
    {
        var socket = await StartReadyAsync(_client, seq: 1);

        await _client.UpdateVoiceStateAsync(11, 22, selfMute: true, selfDeaf: false, Ct);
        var join = (await socket.ReceiveOpAsync(4)).GetProperty("d");
        await _client.UpdateVoiceStateAsync(11, null, false, false, Ct);
        var leave = (await socket.ReceiveOpAsync(4)).GetProperty("d");

        join.GetProperty("guild_id").GetString().ShouldBe("11");
        join.GetProperty("channel_id").GetString().ShouldBe("22");
        join.GetProperty("self_mute").GetBoolean().ShouldBeTrue();
        join.GetProperty("self_deaf").GetBoolean().ShouldBeFalse();
        leave.GetProperty("channel_id").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    private GatewayClient NewClient(double jitter = 1) =>
        new(new DiscordOptions { Token = Token, Intents = 129 }, _rest)
        {
            Timings = GatewayTimings.Default with
            {
                FirstHeartbeatJitter = () => jitter,
                InvalidSessionDelay = () => TimeSpan.FromMilliseconds(20),
                BackoffBase = TimeSpan.FromMilliseconds(20),
                CloseTimeout = TimeSpan.FromMilliseconds(300),
            },
        };

    private async Task<FakeSocket> StartReadyAsync(GatewayClient client, long seq)
    {
        var start = client.StartAsync(Ct);
        var socket = await _server.AcceptAsync();
        await socket.SendAsync(Hello(45000));
        await socket.ReceiveOpAsync(2);
        await socket.SendAsync(Ready(seq));
        await start.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        return socket;
    }

    private async Task<GatewayEvent> NextEventAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        return await _client.Events.ReadAsync(timeout.Token);
    }

    private static string Hello(int interval) => $$$"""{"op":10,"d":{"heartbeat_interval":{{{interval}}}}}""";

    private string Ready(long seq) => Dispatch("READY", seq, $$"""
        {"v":10,"user":{"id":"42","username":"pandora","discriminator":"0","bot":true,"global_name":null},
         "session_id":"session-1","resume_gateway_url":"{{_server.BaseUri}}resume",
         "application":{"id":"4242","flags":0},"guilds":[]}
        """);

    private static string Dispatch(string type, long seq, string d) =>
        $$$"""{"op":0,"s":{{{seq}}},"t":"{{{type}}}","d":{{{d}}}}""";
}
