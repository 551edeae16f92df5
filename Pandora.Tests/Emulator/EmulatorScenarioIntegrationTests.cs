using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Concentus;
using Pandora.Emulator;
using Pandora.Emulator.Scenarios;

namespace Pandora.Tests.Emulator;

public sealed class EmulatorScenarioIntegrationTests
{
    private static readonly ulong s_alice = Scenario.Default.Members[0].UserId;

    private static readonly ulong s_bob = Scenario.Default.Members[1].UserId;

    private static readonly ulong s_carol = Scenario.Default.Members[2].UserId;

    /// <summary>A 7-second cut of the default scenario: overlaps, a late joiner, a member speaking twice.</summary>
    private static Scenario Short(CommandStyle style, List<double> hookTimes) => Scenario.Default with
    {
        Commands = style,
        Joins = [new(s_bob, TimeSpan.FromSeconds(-1)), new(s_carol, TimeSpan.FromSeconds(1.5))],
        Utterances =
        [
            new(s_alice, "alice-3", TimeSpan.FromSeconds(0.2)),
            new(s_bob, "bob-3", TimeSpan.FromSeconds(1.0)),
            new(s_carol, "alice-3", TimeSpan.FromSeconds(2.5)),
            new(s_alice, "alice-3", TimeSpan.FromSeconds(4.2)),
        ],
        Hooks = [new(TimeSpan.FromSeconds(3), (e, _) =>
        {
            hookTimes.Add(e.UtcNow.ToUnixTimeMilliseconds());
            return Task.CompletedTask;
        }, "mark")],
        Leaves = [new(s_bob, TimeSpan.FromSeconds(5))],
        EndAt = TimeSpan.FromSeconds(6.5),
        BotTimeout = TimeSpan.FromSeconds(10),
    };

    [Theory]
    [InlineData(CommandStyle.Slash)]
    [InlineData(CommandStyle.Text)]
    public async Task RunScenarioAsync_with_a_raw_bot_delivers_every_utterance_on_time(CommandStyle style)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var emulator = await DiscordEmulator.StartAsync(new EmulatorOptions(), ct);
        var hookTimes = new List<double>();
        var scenario = Short(style, hookTimes);
        var recorder = Task.Run(() => RecordAsync(emulator, style), ct);

        var result = await emulator.RunScenarioAsync(scenario, ct);
        var recording = await recorder;

        result.Utterances.Count.ShouldBe(4);
        result.BotLeftVoice.ShouldBeTrue();
        result.HookErrors.ShouldBeEmpty();
        hookTimes.Single().ShouldBe(result.TimelineStartedAt.ToUnixTimeMilliseconds() + 3000, 60);
        result.RecordCommandSentAt.ShouldBeLessThan(result.TimelineStartedAt);
        result.EndCommandSentAt.ShouldBeGreaterThan(result.TimelineStartedAt.AddSeconds(6.4));
        foreach (var (utterance, planned) in result.Utterances.Zip(scenario.Utterances))
        {
            utterance.UserId.ShouldBe(planned.UserId);
            (utterance.FirstPacketSentAt - result.TimelineStartedAt).TotalMilliseconds
                .ShouldBe(planned.At.TotalMilliseconds, 60);
            recording.SsrcToUser[utterance.Ssrc].ShouldBe(utterance.UserId.ToString());
            var received = recording.Packets[utterance.Ssrc]
                .Where(p => unchecked(p.Timestamp - utterance.FirstRtpTimestamp) < (uint)(utterance.PacketCount * 960))
                .OrderBy(p => p.Sequence).ToList();
            received.Count.ShouldBe(utterance.PacketCount);
            var decoder = OpusCodecFactory.CreateDecoder(48000, 1);
            var pcm = new float[received.Count * 960];
            for (var i = 0; i < received.Count; i++)
            {
                decoder.Decode(received[i].Opus, pcm.AsSpan(i * 960, 960), 960);
            }

            pcm.ShouldBe(utterance.DecodeReferencePcm());
        }

        var alice = result.Utterances.Where(u => u.UserId == s_alice).ToList();
        unchecked(alice[1].FirstRtpTimestamp - alice[0].FirstRtpTimestamp).ShouldBe((uint)(200 * 960));
        result.Utterances.Select(u => u.Ssrc).Distinct().Count().ShouldBe(3);
        recording.Disconnected.ShouldBe([s_bob.ToString()]);
        var carolJoined = result.VoiceEvents.Single(e => e.UserId == s_carol && e.Joined).At;
        (carolJoined - result.TimelineStartedAt).TotalMilliseconds.ShouldBe(1500, 60);
        var bobLeft = result.VoiceEvents.Single(e => e.UserId == s_bob && !e.Joined).At;
        (bobLeft - result.TimelineStartedAt).TotalMilliseconds.ShouldBe(5000, 60);
        if (style == CommandStyle.Slash)
        {
            result.RestCalls.Count(c => c.Path.EndsWith("/callback", StringComparison.Ordinal) && c.StatusCode == 204)
                .ShouldBe(2);
            result.RestCalls.ShouldContain(c => c.Method == "PATCH" && c.Body.Contains("Recording"));
        }
        else
        {
            result.RestCalls.Count(c => c.Path.EndsWith("/messages", StringComparison.Ordinal)).ShouldBe(2);
        }
    }

    private sealed record ReceivedPacket(ushort Sequence, uint Timestamp, byte[] Opus);

    private sealed record Recording(
        ConcurrentDictionary<uint, string> SsrcToUser,
        ConcurrentDictionary<uint, ConcurrentBag<ReceivedPacket>> Packets,
        ConcurrentQueue<string> Disconnected);

    /// <summary>A receive-only recorder bot made of raw sockets: just enough to follow the scenario.</summary>
    private static async Task<Recording> RecordAsync(DiscordEmulator emulator, CommandStyle style)
    {
        var recording = new Recording(new(), new(), new());
        await using var bot = await RawBot.IdentifyAsync(emulator);
        using var http = new HttpClient { BaseAddress = emulator.RestBaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bot", emulator.BotToken);
        if (style == CommandStyle.Slash)
        {
            var commands = """[{"name":"record","description":"Record"},{"name":"end","description":"Stop"}]""";
            using var body = new StringContent(commands, Encoding.UTF8, "application/json");
            (await http.PutAsync($"applications/{emulator.ApplicationId}/commands", body)).EnsureSuccessStatusCode();
        }

        await AnswerCommandAsync(bot, http, emulator, style, "record");
        await bot.JoinAsync();
        await bot.ConnectVoiceAsync();
        using var stop = new CancellationTokenSource();
        var voiceReader = Task.Run(async () =>
        {
            while (await bot.Voice!.ReceiveAsync(30) is { } message)
            {
                if (message.GetProperty("op").GetInt32() == 13)
                {
                    recording.Disconnected.Enqueue(message.GetProperty("d").GetProperty("user_id").GetString()!);
                }

                if (message.GetProperty("op").GetInt32() == 5)
                {
                    var d = message.GetProperty("d");
                    recording.SsrcToUser[d.GetProperty("ssrc").GetUInt32()] = d.GetProperty("user_id").GetString()!;
                }
            }
        });
        var udpReader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                UdpReceiveResult datagram;
                try
                {
                    datagram = await bot.Udp!.ReceiveAsync(stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                var packet = datagram.Buffer;
                var opus = RtpOpener.Open(packet, bot.SecretKey, bot.Mode);
                if (opus is null || opus.AsSpan().SequenceEqual(new byte[] { 0xF8, 0xFF, 0xFE }))
                {
                    continue;
                }

                var ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(8));
                recording.Packets.GetOrAdd(ssrc, _ => []).Add(new ReceivedPacket(
                    BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(2)),
                    BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(4)),
                    opus));
            }
        });

        await AnswerCommandAsync(bot, http, emulator, style, "end");
        await Task.Delay(300);
        await stop.CancelAsync();
        await udpReader;
        await bot.Gateway.SendAsync($$$"""
            {"op":4,"d":{"guild_id":"{{{emulator.GuildId}}}","channel_id":null,"self_mute":false,"self_deaf":false} }
            """);
        await bot.ReceiveDispatchAsync("VOICE_STATE_UPDATE");
        await voiceReader;
        return recording;
    }

    private static async Task AnswerCommandAsync(
        RawBot bot,
        HttpClient http,
        DiscordEmulator emulator,
        CommandStyle style,
        string name)
    {
        if (style == CommandStyle.Text)
        {
            await bot.Gateway.ReceiveUntilAsync(m => m.GetProperty("op").GetInt32() == 0
                && m.GetProperty("t").GetString() == "MESSAGE_CREATE"
                && m.GetProperty("d").GetProperty("content").GetString() == "!" + name, 30);
            using var reply = new StringContent($$$"""
                {"content":"ok {{{name}}}"}
                """, Encoding.UTF8, "application/json");
            (await http.PostAsync($"channels/{emulator.TextChannelId}/messages", reply)).EnsureSuccessStatusCode();
            return;
        }

        var interaction = (await bot.Gateway.ReceiveUntilAsync(m => m.GetProperty("op").GetInt32() == 0
            && m.GetProperty("t").GetString() == "INTERACTION_CREATE"
            && m.GetProperty("d").GetProperty("data").GetProperty("name").GetString() == name, 30)).GetProperty("d");
        var id = interaction.GetProperty("id").GetString();
        var token = interaction.GetProperty("token").GetString();
        using var deferred = new StringContent("""{"type":5}""", Encoding.UTF8, "application/json");
        (await http.PostAsync($"interactions/{id}/{token}/callback", deferred)).EnsureSuccessStatusCode();
        using var edit = new StringContent("""{"content":"Recording..."}""", Encoding.UTF8, "application/json");
        var original = $"webhooks/{emulator.ApplicationId}/{token}/messages/@original";
        (await http.PatchAsync(original, edit)).EnsureSuccessStatusCode();
    }
}
