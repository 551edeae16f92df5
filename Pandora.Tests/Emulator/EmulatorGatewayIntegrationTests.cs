using Pandora.Emulator;
using Pandora.Emulator.Scenarios;

namespace Pandora.Tests.Emulator;

public sealed class EmulatorGatewayIntegrationTests : IAsyncLifetime
{
    private DiscordEmulator _emulator = null!;

    public async ValueTask InitializeAsync() =>
        _emulator = await DiscordEmulator.StartAsync(
            new EmulatorOptions { GatewayHeartbeatInterval = TimeSpan.FromMilliseconds(500) },
            TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task Identify_gets_ready_and_guild_create_with_voice_states()
    {
        await using var bot = await RawBot.IdentifyAsync(_emulator);

        var ready = bot.Ready.GetProperty("d");
        ready.GetProperty("user").GetProperty("id").GetString().ShouldBe(_emulator.BotUserId.ToString());
        ready.GetProperty("application").GetProperty("id").GetString().ShouldBe(_emulator.ApplicationId.ToString());
        ready.GetProperty("resume_gateway_url").GetString().ShouldBe(_emulator.GatewayAddress.ToString());
        bot.Ready.GetProperty("s").GetInt32().ShouldBe(1);
        var guild = bot.GuildCreate.GetProperty("d");
        bot.GuildCreate.GetProperty("s").GetInt32().ShouldBe(2);
        guild.GetProperty("name").GetString().ShouldBe("Pandora Test Guild");
        guild.GetProperty("channels").EnumerateArray()
            .ShouldContain(c => c.GetProperty("name").GetString() == "General"
                && c.GetProperty("type").GetInt32() == 2);
        guild.GetProperty("members").GetArrayLength().ShouldBe(4);
        var inVoice = guild.GetProperty("voice_states").EnumerateArray().Single();
        inVoice.GetProperty("user_id").GetString().ShouldBe(_emulator.Members[0].UserId.ToString());
        inVoice.GetProperty("channel_id").GetString().ShouldBe(_emulator.VoiceChannelId.ToString());
    }

    [Fact]
    public async Task Heartbeat_is_acknowledged()
    {
        await using var bot = await RawBot.IdentifyAsync(_emulator);

        await bot.Gateway.SendAsync("""{"op":1,"d":2}""");

        await bot.Gateway.ReceiveOpAsync(11);
    }

    [Fact]
    public async Task Identify_with_wrong_token_closes_4004()
    {
        await using var socket = await RawSocket.ConnectAsync(_emulator.GatewayAddress + "?v=10&encoding=json");
        await socket.ReceiveOpAsync(10);

        await socket.SendAsync("""{"op":2,"d":{"token":"nope","intents":129,"properties":{}}}""");

        (await socket.ReceiveCloseAsync()).ShouldBe(4004);
    }

    [Fact]
    public async Task Garbage_closes_4002()
    {
        await using var socket = await RawSocket.ConnectAsync(_emulator.GatewayAddress + "?v=10&encoding=json");
        await socket.ReceiveOpAsync(10);

        await socket.SendAsync("{not json");

        (await socket.ReceiveCloseAsync()).ShouldBe(4002);
    }

    [Fact]
    public async Task VoiceStateUpdate_join_sends_both_voice_events_and_leave_sends_null_channel()
    {
        await using var bot = await RawBot.IdentifyAsync(_emulator);

        await bot.JoinAsync();

        bot.VoiceSessionId.ShouldNotBeNullOrEmpty();
        bot.VoiceToken.ShouldNotBeNullOrEmpty();
        bot.VoiceEndpoint.ShouldBe(_emulator.VoiceEndpoint);
        var firstToken = bot.VoiceToken;
        await bot.JoinAsync();
        bot.VoiceToken.ShouldNotBe(firstToken);

        await bot.Gateway.SendAsync($$$"""
            {"op":4,"d":{"guild_id":"{{{_emulator.GuildId}}}","channel_id":null,"self_mute":false,"self_deaf":false}}
            """);
        var left = await bot.ReceiveDispatchAsync("VOICE_STATE_UPDATE");
        left.GetProperty("d").GetProperty("channel_id").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        _emulator.BotVoiceChannelId.ShouldBeNull();
    }

    [Fact]
    public async Task Member_joining_voice_is_dispatched()
    {
        await using var bot = await RawBot.IdentifyAsync(_emulator);
        var bob = _emulator.Members[1].UserId;

        await _emulator.JoinVoiceAsync(bob);

        var state = await bot.ReceiveDispatchAsync("VOICE_STATE_UPDATE");
        state.GetProperty("d").GetProperty("user_id").GetString().ShouldBe(bob.ToString());
        state.GetProperty("d").GetProperty("channel_id").GetString().ShouldBe(_emulator.VoiceChannelId.ToString());
    }

    [Fact]
    public async Task Resume_after_drop_replays_missed_events_then_RESUMED()
    {
        var bot = await RawBot.IdentifyAsync(_emulator);
        await _emulator.DropGatewayConnectionsAsync();
        await Should.ThrowAsync<System.Net.WebSockets.WebSocketException>(() => bot.Gateway.ReceiveAsync());
        await bot.Gateway.DisposeAsync();

        // Missed while disconnected: two member joins (s = 3, 4).
        await _emulator.JoinVoiceAsync(_emulator.Members[1].UserId);
        await _emulator.JoinVoiceAsync(_emulator.Members[2].UserId);
        var resumeUrl = bot.Ready.GetProperty("d").GetProperty("resume_gateway_url").GetString();
        await using var socket = await RawSocket.ConnectAsync(resumeUrl + "?v=10&encoding=json");
        await socket.ReceiveOpAsync(10);
        await socket.SendAsync($$$"""
            {"op":6,"d":{"token":"{{{_emulator.BotToken}}}","session_id":"{{{bot.SessionId}}}",
            "seq":{{{bot.LastSeq}}}}}
            """);

        var first = await socket.ReceiveOpAsync(0);
        var second = await socket.ReceiveOpAsync(0);
        var resumed = await socket.ReceiveOpAsync(0);

        first.GetProperty("s").GetInt32().ShouldBe(3);
        second.GetProperty("s").GetInt32().ShouldBe(4);
        second.GetProperty("t").GetString().ShouldBe("VOICE_STATE_UPDATE");
        resumed.GetProperty("t").GetString().ShouldBe("RESUMED");
    }

    [Fact]
    public async Task Resume_with_unknown_session_gets_invalid_session()
    {
        await using var socket = await RawSocket.ConnectAsync(_emulator.GatewayAddress + "?v=10&encoding=json");
        await socket.ReceiveOpAsync(10);

        await socket.SendAsync($$$"""{"op":6,"d":{"token":"{{{_emulator.BotToken}}}","session_id":"nope","seq":5}}""");

        var invalid = await socket.ReceiveOpAsync(9);
        invalid.GetProperty("d").GetBoolean().ShouldBeFalse();
    }

    [Fact]
    public async Task SendCommandAsync_slash_sends_interaction_and_accepts_one_callback()
    {
        await using var bot = await RawBot.IdentifyAsync(_emulator);
        var requester = _emulator.Members[0].UserId;

        await _emulator.SendCommandAsync(requester, "record", Pandora.Emulator.Scenarios.CommandStyle.Slash);

        var interaction = (await bot.ReceiveDispatchAsync("INTERACTION_CREATE")).GetProperty("d");
        interaction.GetProperty("type").GetInt32().ShouldBe(2);
        interaction.GetProperty("data").GetProperty("name").GetString().ShouldBe("record");
        interaction.GetProperty("member").GetProperty("user").GetProperty("id").GetString()
            .ShouldBe(requester.ToString());
        using var http = new HttpClient { BaseAddress = _emulator.RestBaseAddress };
        var id = interaction.GetProperty("id").GetString();
        var url = $"interactions/{id}/{interaction.GetProperty("token").GetString()}/callback";
        using var body = new StringContent("""{"type":5}""", System.Text.Encoding.UTF8, "application/json");
        var first = await http.PostAsync(url, body, TestContext.Current.CancellationToken);
        using var again = new StringContent("""{"type":5}""", System.Text.Encoding.UTF8, "application/json");
        var second = await http.PostAsync(url, again, TestContext.Current.CancellationToken);
        first.StatusCode.ShouldBe(System.Net.HttpStatusCode.NoContent);
        second.StatusCode.ShouldBe(System.Net.HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task SendCommandAsync_text_sends_message_create()
    {
        await using var bot = await RawBot.IdentifyAsync(_emulator);

        await _emulator.SendCommandAsync(_emulator.Members[0].UserId, "end", CommandStyle.Text);

        var message = (await bot.ReceiveDispatchAsync("MESSAGE_CREATE")).GetProperty("d");
        message.GetProperty("content").GetString().ShouldBe("!end");
        message.GetProperty("author").GetProperty("username").GetString().ShouldBe("alice");
    }
}

public sealed class EmulatorGatewayIntentsIntegrationTests : IAsyncLifetime
{
    private DiscordEmulator _emulator = null!;

    public async ValueTask InitializeAsync() =>
        _emulator = await DiscordEmulator.StartAsync(new EmulatorOptions(), TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task Identify_without_intents_closes_4013()
    {
        await using var socket = await RawSocket.ConnectAsync(_emulator.GatewayAddress + "?v=10&encoding=json");
        await socket.ReceiveOpAsync(10);

        await socket.SendAsync($$$"""{"op":2,"d":{"token":"{{{_emulator.BotToken}}}","properties":{} } }""");

        (await socket.ReceiveCloseAsync()).ShouldBe(4013);
    }

    [Fact]
    public async Task Message_content_is_blank_without_the_message_content_intent()
    {
        await using var socket = await RawSocket.ConnectAsync(_emulator.GatewayAddress + "?v=10&encoding=json");
        await socket.ReceiveOpAsync(10);
        await socket.SendAsync($$$"""
            {"op":2,"d":{"token":"{{{_emulator.BotToken}}}","intents":641,"properties":{} } }
            """);
        await socket.ReceiveDispatchAsync("GUILD_CREATE");

        await _emulator.SendCommandAsync(_emulator.Members[0].UserId, "record", CommandStyle.Text);

        var message = await socket.ReceiveDispatchAsync("MESSAGE_CREATE");
        message.GetProperty("d").GetProperty("content").GetString().ShouldBe("");
        message.GetProperty("s").GetInt32().ShouldBe(3);
    }

    [Fact]
    public async Task InvalidateGatewaySessionAsync_sends_op_9_and_allows_a_new_identify()
    {
        await using var bot = await RawBot.IdentifyAsync(_emulator);

        await _emulator.InvalidateGatewaySessionAsync();

        (await bot.Gateway.ReceiveOpAsync(9)).GetProperty("d").GetBoolean().ShouldBeFalse();
        _emulator.BotIdentified.ShouldBeFalse();
        await bot.Gateway.SendAsync($$$"""
            {"op":2,"d":{"token":"{{{_emulator.BotToken}}}","intents":129,"properties":{} } }
            """);
        (await bot.Gateway.ReceiveDispatchAsync("READY")).GetProperty("s").GetInt32().ShouldBe(1);
        _emulator.GatewayConnectionCount.ShouldBe(2);
    }
}

public sealed class EmulatorHeartbeatIntegrationTests
{
    [Fact]
    public async Task EnforceHeartbeats_closes_a_silent_gateway_with_4009_and_spares_a_heartbeating_one()
    {
        var options = new EmulatorOptions
        {
            EnforceHeartbeats = true, GatewayHeartbeatInterval = TimeSpan.FromMilliseconds(200),
        };
        await using var emulator = await DiscordEmulator.StartAsync(options, TestContext.Current.CancellationToken);
        await using var silent = await RawSocket.ConnectAsync(emulator.GatewayAddress + "?v=10&encoding=json");
        await using var alive = await RawSocket.ConnectAsync(emulator.GatewayAddress + "?v=10&encoding=json");
        await alive.ReceiveOpAsync(10);
        using var stop = new CancellationTokenSource();
        var beating = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await alive.SendAsync("""{"op":1,"d":null}""");
                await Task.Delay(150, TestContext.Current.CancellationToken);
            }
        }, TestContext.Current.CancellationToken);

        (await silent.ReceiveCloseAsync(10)).ShouldBe(4009);
        await stop.CancelAsync();
        await beating;
        alive.CloseStatus.ShouldBeNull();
    }
}

public sealed class EmulatorGatewayFaultIntegrationTests : IAsyncLifetime
{
    private DiscordEmulator _emulator = null!;

    public async ValueTask InitializeAsync() =>
        _emulator = await DiscordEmulator.StartAsync(new EmulatorOptions(), TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task RequestGatewayReconnectAsync_sends_op_7()
    {
        await using var bot = await RawBot.IdentifyAsync(_emulator);

        await _emulator.RequestGatewayReconnectAsync();

        (await bot.Gateway.ReceiveOpAsync(7)).GetProperty("d").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task RequestHeartbeatAsync_sends_op_1()
    {
        await using var bot = await RawBot.IdentifyAsync(_emulator);

        await _emulator.RequestHeartbeatAsync();

        await bot.Gateway.ReceiveOpAsync(1);
    }

    [Fact]
    public async Task Interaction_callback_after_the_deadline_is_unknown_interaction()
    {
        await using var emulator = await DiscordEmulator.StartAsync(
            new EmulatorOptions { InteractionDeadline = TimeSpan.Zero }, TestContext.Current.CancellationToken);
        await using var bot = await RawBot.IdentifyAsync(emulator);
        await emulator.SendCommandAsync(emulator.Members[0].UserId, "record", CommandStyle.Slash);
        var interaction = (await bot.ReceiveDispatchAsync("INTERACTION_CREATE")).GetProperty("d");
        using var http = new HttpClient { BaseAddress = emulator.RestBaseAddress };
        var id = interaction.GetProperty("id").GetString();
        var url = $"interactions/{id}/{interaction.GetProperty("token").GetString()}/callback";
        using var body = new StringContent("""{"type":5}""", System.Text.Encoding.UTF8, "application/json");

        var response = await http.PostAsync(url, body, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("10062");
    }
}

public sealed class EmulatorRawFrameIntegrationTests
{
    [Fact]
    public async Task SendRawGatewayTextAsync_delivers_the_frame_unchanged()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var emulator = await DiscordEmulator.StartAsync(new EmulatorOptions(), ct);
        await using var bot = await RawBot.IdentifyAsync(emulator);

        await emulator.SendRawGatewayTextAsync("""{"op":0,"d":{"odd":true},"s":null,"t":"SOMETHING_NEW"}""");

        var frame = await bot.Gateway.ReceiveAsync();
        frame!.Value.GetProperty("t").GetString().ShouldBe("SOMETHING_NEW");
    }
}
