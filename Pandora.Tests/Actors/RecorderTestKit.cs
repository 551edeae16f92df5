using System.Collections.Concurrent;
using Akka.Actor;
using Akka.TestKit.Xunit;
using Pandora.Actors;
using Pandora.Actors.Controller;
using Pandora.Discord.Gateway;
using Pandora.Discord.Voice;

namespace Pandora.Tests.Actors;

/// <summary>A controller wired to fakes, and the usual steps of a recording.</summary>
public abstract class RecorderTestKit : TestKit
{
    internal const ulong GuildId = 1000;
    internal const ulong VoiceChannelId = 2000;
    internal const ulong TextChannelId = 3000;
    internal const ulong ApplicationId = 500;
    internal const ulong BotId = 1;
    internal const ulong AliceId = 11;
    internal const ulong BobId = 12;
    internal const ulong CarolId = 13;

    /// <summary>A 20 ms CELT packet (TOC config 31, code 0) holding an Opus silence frame.</summary>
    internal static readonly byte[] Frame20Ms = [0xF8, 0xFF, 0xFE];

    internal static readonly DiscordUser Bot = new(BotId, "pandora", null, "0", true);
    internal static readonly DiscordUser Alice = new(AliceId, "alice", "Alice A.", "0", false);
    internal static readonly DiscordUser Bob = new(BobId, "bob", null, "0", false);
    internal static readonly DiscordUser Carol = new(CarolId, "carol", null, "0", false);

    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(5);
    private int _interactionCounter;

    protected RecorderTestKit(ITestOutputHelper output)
        : base("akka.loglevel = INFO", output)
    {
        Root = Path.Combine(Path.GetTempPath(), "pandora-actors-" + Guid.NewGuid().ToString("N"));
        Settings = new RecorderSettings
        {
            RecordingsFolder = Path.Combine(Root, "recordings"),
            ObjectStoreFolder = Path.Combine(Root, "store"),
            WriterFactory = (directory, info) =>
            {
                if (WriterFactoryFails)
                {
                    throw new IOException("disk full");
                }

                var writer = new FakeWriter(directory, info, WriterThrowsOnRtp);
                Writers.Enqueue(writer);
                return writer;
            },
            Clock = Clock,
            JoinTimeout = TimeSpan.FromSeconds(30),
            RejoinDelay = TimeSpan.FromMilliseconds(50),
        };
    }

    internal string Root { get; }

    internal uint? WriterThrowsOnRtp { get; set; }

    internal bool WriterFactoryFails { get; set; }

    internal ManualClock Clock { get; } = new();

    internal FakeGateway Gateway { get; } = new();

    internal FakeRest Rest { get; } = new();

    internal FakeVoiceFactory Voice { get; } = new();

    internal ConcurrentQueue<FakeWriter> Writers { get; } = new();

    internal RecorderSettings Settings { get; set; }

    internal IActorRef Controller { get; private set; } = ActorRefs.Nobody;

    protected override void AfterAll()
    {
        base.AfterAll();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>Starts the controller, READY, and a guild where Alice and Bob sit in the voice channel.</summary>
    internal void StartController(bool aliceInVoice = true)
    {
        Controller = Sys.ActorOf(ControllerActor.Props(Gateway, Rest, Voice, Settings), "controller");
        Gateway.Push(new ReadyEvent(Bot, ApplicationId, "gateway-session"));
        VoiceState[] states = aliceInVoice
            ? [InVoice(Alice), InVoice(Bob)]
            : [InVoice(Bob)];
        Gateway.Push(new GuildCreateEvent(
            GuildId,
            "Test guild",
            [new DiscordChannel(VoiceChannelId, "Voice", 2), new DiscordChannel(TextChannelId, "general", 0)],
            states));
    }

    internal static VoiceState InVoice(DiscordUser user, ulong? channel = VoiceChannelId, string session = "s") =>
        new(GuildId, channel, user.Id, session, false, false, user);

    internal string PushInteraction(string command, DiscordUser user)
    {
        var token = "itoken-" + Interlocked.Increment(ref _interactionCounter);
        Gateway.Push(new InteractionCreateEvent(
            (ulong)(9000 + _interactionCounter),
            token,
            ApplicationId,
            GuildId,
            TextChannelId,
            user,
            command,
            new Dictionary<string, string>()));
        return token;
    }

    internal void AwaitCall(Func<string, bool> predicate) =>
        AwaitCondition(() => Rest.Calls.Any(predicate), s_wait);

    /// <summary>Waits for the deferred reply of interaction <paramref name="token"/> to be edited to a text
    /// starting with <paramref name="prefix"/>.</summary>
    internal void AwaitEdit(string token, string prefix) =>
        AwaitCall(c => c.StartsWith($"edit {ApplicationId} {token} {prefix}", StringComparison.Ordinal));

    internal void AwaitOp4Count(int count) =>
        AwaitCondition(() => Gateway.VoiceStateCalls.Count >= count, s_wait);

    internal FakeVoiceConnection AwaitConnection(int count)
    {
        AwaitCondition(() => Voice.Created.Count >= count, s_wait);
        return Voice.Created.ElementAt(count - 1);
    }

    /// <summary>Answers the bot's op 4 with its own voice state and a voice server.</summary>
    internal void PushVoiceAnswers(string session = "voice-session", string token = "voice-token",
        string? endpoint = "127.0.0.1:9") =>
        PushVoiceAnswers(session, token, endpoint, VoiceChannelId);

    internal void PushVoiceAnswers(string session, string token, string? endpoint, ulong channel)
    {
        Gateway.Push(new VoiceStateUpdateEvent(new VoiceState(GuildId, channel, BotId, session, true, false, Bot)));
        Gateway.Push(new VoiceServerUpdateEvent(GuildId, token, endpoint));
    }

    /// <summary>/record by Alice through to the edited "started" reply; returns the connection and writer.</summary>
    internal (FakeVoiceConnection Connection, FakeWriter Writer) StartRecording()
    {
        StartController();
        var token = PushInteraction("record", Alice);
        AwaitOp4Count(1);
        PushVoiceAnswers();
        var connection = AwaitConnection(1);
        AwaitCall(c => c.StartsWith($"edit {ApplicationId} {token} Recording started", StringComparison.Ordinal));
        Writers.Count.ShouldBe(1);
        return (connection, Writers.Single());
    }

    internal string StopRecording()
    {
        var token = PushInteraction("end", Alice);
        AwaitCall(c => c.StartsWith($"edit {ApplicationId} {token} Recording ", StringComparison.Ordinal)
            && c.Contains("finished", StringComparison.Ordinal));
        return Rest.Calls.Last(c => c.Contains(token, StringComparison.Ordinal));
    }

    internal static VoicePacket Packet(ulong user, uint ssrc, ushort sequence, uint timestamp, long receivedAt,
        byte[]? opus = null) =>
        new(user, ssrc, sequence, timestamp, opus ?? Frame20Ms, receivedAt);

    /// <summary>The recording's start timestamp: the clock does not move unless a test moves it.</summary>
    internal long StartTimestamp => Clock.GetTimestamp();

    /// <summary>Microsecond timestamp <paramref name="milliseconds"/> after the recording start.</summary>
    internal long AtMs(long origin, double milliseconds) => origin + (long)(milliseconds * 1000);
}
