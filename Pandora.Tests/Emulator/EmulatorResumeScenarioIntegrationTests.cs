using System.Net.WebSockets;
using System.Text.Json;
using Pandora.Emulator;
using Pandora.Emulator.Scenarios;

namespace Pandora.Tests.Emulator;

/// <summary>A scenario whose hooks drop both sockets; a raw bot resumes both and still gets all the audio.</summary>
public sealed class EmulatorResumeScenarioIntegrationTests
{
    [Fact]
    public async Task Dropped_gateway_and_voice_sockets_resume_mid_scenario()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var emulator = await DiscordEmulator.StartAsync(new EmulatorOptions(), ct);
        var alice = emulator.Members[0].UserId;
        var scenario = Scenario.Default with
        {
            Commands = CommandStyle.Text,
            Joins = [],
            Leaves = [],
            Utterances = [new(alice, "alice-3", TimeSpan.FromSeconds(0.5))],
            Hooks =
            [
                new(TimeSpan.FromSeconds(1), (e, _) => e.DropGatewayConnectionsAsync(), "drop gateway"),
                new(TimeSpan.FromSeconds(1.5), (e, _) => e.DropVoiceConnectionsAsync(), "drop voice"),
            ],
            EndAt = TimeSpan.FromSeconds(3.5),
            BotTimeout = TimeSpan.FromSeconds(10),
        };
        var bot = Task.Run(() => RunResumingBotAsync(emulator), ct);

        var result = await emulator.RunScenarioAsync(scenario, ct);
        var (packets, voiceResumed) = await bot;

        result.BotLeftVoice.ShouldBeTrue();
        emulator.GatewayConnectionCount.ShouldBe(2);
        emulator.VoiceConnectionCount.ShouldBe(2);
        voiceResumed.ShouldBeTrue();
        packets.ShouldBe(result.Utterances.Single().DatagramsSent);
    }

    /// <summary>Waits for "!end", resuming the gateway and the voice socket whenever they drop.</summary>
    private static async Task<(int Packets, bool VoiceResumed)> RunResumingBotAsync(DiscordEmulator emulator)
    {
        await using var bot = await RawBot.IdentifyAsync(emulator);
        var gateway = bot.Gateway;
        var seq = bot.LastSeq;
        await gateway.ReceiveUntilAsync(m => IsCommand(m, "!record", ref seq), 30);
        await bot.JoinAsync();
        await bot.ConnectVoiceAsync();
        var packets = 0;
        using var stop = new CancellationTokenSource();
        var udp = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var datagram = (await bot.Udp!.ReceiveAsync(stop.Token)).Buffer;
                    packets += datagram.Length > 12 && datagram[1] == 0x78 ? 1 : 0;
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        });
        var voice = Task.Run(() => FollowVoiceAsync(bot));
        while (true)
        {
            try
            {
                var message = await gateway.ReceiveAsync(30);
                message.ShouldNotBeNull();
                if (IsCommand(message.Value, "!end", ref seq))
                {
                    break;
                }
            }
            catch (WebSocketException)
            {
                gateway = await RawSocket.ConnectAsync(emulator.GatewayAddress + "?v=10&encoding=json");
                await gateway.ReceiveOpAsync(10);
                await gateway.SendAsync($$$"""
                    {"op":6,"d":{"token":"{{{emulator.BotToken}}}","session_id":"{{{bot.SessionId}}}","seq":{{{seq}}}} }
                    """);
            }
        }

        await Task.Delay(200);
        await stop.CancelAsync();
        await udp;
        await gateway.SendAsync($$$"""
            {"op":4,"d":{"guild_id":"{{{emulator.GuildId}}}","channel_id":null,"self_mute":false,"self_deaf":false} }
            """);
        var resumed = await voice;
        await gateway.DisposeAsync();
        return (packets, resumed);
    }

    /// <summary>Reads the voice socket until 4014; on an abnormal drop, resumes with op 7 and expects op 9.</summary>
    private static async Task<bool> FollowVoiceAsync(RawBot bot)
    {
        var socket = bot.Voice!;
        var lastSeq = 0;
        var resumed = false;
        while (true)
        {
            try
            {
                if (await socket.ReceiveAsync(30) is not { } message)
                {
                    return resumed;
                }

                resumed |= message.GetProperty("op").GetInt32() == 9;
                lastSeq = message.TryGetProperty("seq", out var s) ? s.GetInt32() : lastSeq;
            }
            catch (WebSocketException)
            {
                socket = await RawSocket.ConnectAsync($"ws://{bot.VoiceEndpoint}/?v=8");
                await socket.SendAsync($$$"""
                    {"op":7,"d":{"server_id":"{{{bot.GuildId}}}","session_id":"{{{bot.VoiceSessionId}}}",
                     "token":"{{{bot.VoiceToken}}}","seq_ack":{{{lastSeq}}}} }
                    """);
            }
        }
    }

    private static bool IsCommand(JsonElement message, string content, ref int seq)
    {
        if (message.GetProperty("op").GetInt32() != 0)
        {
            return false;
        }

        seq = message.GetProperty("s").GetInt32();
        return message.GetProperty("t").GetString() == "MESSAGE_CREATE"
            && message.GetProperty("d").GetProperty("content").GetString() == content;
    }
}
