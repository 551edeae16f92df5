using System.Globalization;
using Akka.Actor;
using Akka.Event;
using Pandora.Actors.Internal;
using Pandora.Actors.Recording;
using Pandora.Discord.Gateway;
using Pandora.Discord.Rest;
using Pandora.Discord.Voice;
using static Pandora.Actors.Controller.Controller;

namespace Pandora.Actors.Controller;

/// <summary>
/// The bot: reads the gateway's events, keeps a roster of guilds, channels and voice members, registers and
/// answers <c>/record</c> and <c>/end</c> (and their text forms), and runs one <see cref="RecordingActor"/> per
/// guild. Publishes <see cref="RecordingStarted"/>, <see cref="RecordingFailed"/> and
/// <see cref="RecordingFinished"/> on the EventStream, and answers <see cref="StartRecording"/> and
/// <see cref="StopRecording"/> asks.
/// </summary>
public sealed class ControllerActor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan s_pumpRestartDelay = TimeSpan.FromSeconds(1);

    private readonly IGatewayClient _gateway;
    private readonly IDiscordRest _rest;
    private readonly IVoiceConnectionFactory _voice;
    private readonly RecorderSettings _settings;
    private readonly Dictionary<ulong, GuildRoster> _guilds = [];
    private readonly Dictionary<ulong, Session> _sessions = [];
    private readonly List<StopAllWaiter> _stopAllWaiters = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private CancellationTokenSource? _pumpCts;
    private DiscordUser? _botUser;
    private long _sessionCounter;

    public ControllerActor(
        IGatewayClient gateway,
        IDiscordRest rest,
        IVoiceConnectionFactory voice,
        RecorderSettings settings)
    {
        _gateway = gateway;
        _rest = rest;
        _voice = voice;
        _settings = settings;
        Receive<GatewayEventReceived>(message => HandleGatewayEvent(message.Event));
        Receive<PumpEnded>(HandlePumpEnded);
        Receive<RestartPump>(_ => StartPump());
        Receive<RestFailed>(HandleRestFailed);
        Receive<StartRecording>(HandleStartAsk);
        Receive<StopRecording>(message => HandleStop(message.GuildId, new AskReply(Sender)));
        Receive<StopAllRecordings>(_ => HandleStopAll());
        Receive<Recording.Recording.Started>(HandleRecordingStarted);
        Receive<Recording.Recording.StartFailed>(HandleRecordingStartFailed);
        Receive<Recording.Recording.Finished>(HandleRecordingFinished);
        Receive<Terminated>(HandleTerminated);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props of the controller. Create it once per bot token, after the gateway client (it reads the
    /// gateway's events itself; start the gateway before or after).</summary>
    public static Props Props(
        IGatewayClient gateway,
        IDiscordRest rest,
        IVoiceConnectionFactory voice,
        RecorderSettings settings) =>
        Akka.Actor.Props.Create(() => new ControllerActor(gateway, rest, voice, settings));

    protected override SupervisorStrategy SupervisorStrategy() =>
        // A recording that throws keeps its state (its connection, tracks and writer): resume it.
        new OneForOneStrategy(ex => ex is ActorInitializationException ? Directive.Stop : Directive.Resume);

    protected override void PreStart() => StartPump();

    protected override void PostStop() => _pumpCts?.Cancel();

    private void StartPump()
    {
        _pumpCts?.Cancel();
        _pumpCts = new CancellationTokenSource();
        Pumps.RunAsync(_gateway.Events, Self, e => new GatewayEventReceived(e), _pumpCts.Token).PipeTo(
            Self,
            success: () => new PumpEnded(null),
            failure: ex => new PumpEnded(ex));
    }

    private void HandlePumpEnded(PumpEnded message)
    {
        if (message.Error is null)
        {
            _log.Info("Gateway events ended");
            return;
        }

        _log.Warning(message.Error, "Reading gateway events failed; restarting the reader");
        Timers.StartSingleTimer("pump", RestartPump.Instance, s_pumpRestartDelay);
    }

    private void HandleRestFailed(RestFailed message) =>
        _log.Warning(message.Error, "REST call {Call} failed", message.Call);

    private void HandleGatewayEvent(GatewayEvent e)
    {
        switch (e)
        {
            case ReadyEvent ready:
                HandleReady(ready);
                break;
            case GuildCreateEvent guild:
                HandleGuildCreate(guild);
                break;
            case VoiceStateUpdateEvent voiceState:
                HandleVoiceStateUpdate(voiceState);
                break;
            case VoiceServerUpdateEvent voiceServer:
                ForwardToRecording(voiceServer.GuildId, new Recording.Recording.VoiceServer(voiceServer));
                break;
            case InteractionCreateEvent interaction:
                HandleInteraction(interaction);
                break;
            case MessageCreateEvent message:
                HandleMessage(message);
                break;
            case GatewayStoppedEvent stopped:
                _log.Error("Gateway stopped for good ({CloseCode}): {Reason}", stopped.CloseCode, stopped.Reason);
                break;
        }
    }

    private void HandleReady(ReadyEvent ready)
    {
        _botUser = ready.User;
        _log.Info("Ready as {BotUserId}", ready.User.Id);
        if (_settings.DisableInteractions)
        {
            return;
        }

        SlashCommand[] commands =
        [
            new("record", "Start recording your voice channel"),
            new("end", "Stop recording and get the recording id"),
        ];
        Observe("OverwriteCommands", _rest.OverwriteCommandsAsync(ready.ApplicationId, null, commands));
    }

    private void HandleGuildCreate(GuildCreateEvent e)
    {
        var roster = new GuildRoster(e.GuildId, e.Name);
        foreach (var channel in e.Channels)
        {
            roster.Channels[channel.Id] = channel;
        }

        foreach (var state in e.VoiceStates)
        {
            roster.Apply(state);
        }

        _guilds[e.GuildId] = roster;
    }

    private void HandleVoiceStateUpdate(VoiceStateUpdateEvent e)
    {
        RosterOf(e.State.GuildId).Apply(e.State);
        ForwardToRecording(e.State.GuildId, e);
    }

    private GuildRoster RosterOf(ulong guildId)
    {
        if (!_guilds.TryGetValue(guildId, out var roster))
        {
            roster = new GuildRoster(guildId, guildId.ToString(CultureInfo.InvariantCulture));
            _guilds[guildId] = roster;
        }

        return roster;
    }

    private void ForwardToRecording(ulong guildId, object e)
    {
        if (_sessions.TryGetValue(guildId, out var session))
        {
            session.Actor.Tell(e);
        }
    }

    private void HandleInteraction(InteractionCreateEvent e)
    {
        if (_settings.DisableInteractions)
        {
            // Pandora's DISABLE_INTERACTIONS: slash commands are neither registered nor answered (another bot on
            // the same application may answer them); text commands still work.
            return;
        }

        // The 3-second rule: defer first, answer by editing the deferred reply later.
        var deferred = _rest.DeferInteractionAsync(e.InteractionId, e.InteractionToken);
        Observe("DeferInteraction", deferred);
        var target = new InteractionReply(e.ApplicationId, e.InteractionToken, deferred);
        if (e.GuildId is not { } guildId)
        {
            Reply(target, "Recording works in servers only.", null);
            return;
        }

        RosterOf(guildId).Users[e.User.Id] = e.User;
        switch (e.CommandName)
        {
            case "record":
                HandleStart(guildId, null, e.User, target);
                break;
            case "end":
                HandleStop(guildId, target);
                break;
            default:
                Reply(target, "Unknown command.", null);
                break;
        }
    }

    private void HandleMessage(MessageCreateEvent e)
    {
        if (e.GuildId is not { } guildId || e.Author.Bot || !e.Content.StartsWith(_settings.CommandPrefix,
                StringComparison.Ordinal))
        {
            return;
        }

        // Split on any whitespace: "!record", "!record  now" and "!record\n" are all the record command.
        var words = e.Content[_settings.CommandPrefix.Length..]
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var command = words.Length > 0 ? words[0].ToLowerInvariant() : "";
        var target = new ChannelReply(e.ChannelId);
        RosterOf(guildId).Users[e.Author.Id] = e.Author;
        if (command == "record")
        {
            HandleStart(guildId, null, e.Author, target);
        }
        else if (command == "end")
        {
            HandleStop(guildId, target);
        }
    }

    private void HandleStartAsk(StartRecording message)
    {
        var roster = RosterOf(message.GuildId);
        var requester = roster.Users.GetValueOrDefault(message.RequesterId)
            ?? new DiscordUser(message.RequesterId, message.RequesterId.ToString(CultureInfo.InvariantCulture),
                null, "0", false);
        HandleStart(message.GuildId, message.ChannelId, requester, new AskReply(Sender));
    }

    private void HandleStart(ulong guildId, ulong? channelId, DiscordUser requester, ReplyTarget target)
    {
        var roster = RosterOf(guildId);
        _botUser ??= _gateway.CurrentUser;
        if (_botUser is null)
        {
            Reply(target, "Not connected to Discord yet, try again in a moment.",
                new StartFailed(guildId, "not ready"));
            return;
        }

        if (_sessions.TryGetValue(guildId, out var existing))
        {
            var text = existing.Started is { } started
                ? $"Already recording in this server (recording {started.Id})."
                : "A recording of this server is already starting or finishing.";
            Reply(target, text, new StartFailed(guildId, "already recording"));
            return;
        }

        if ((channelId ?? roster.VoiceChannelOf.GetValueOrDefault(requester.Id)) is not (> 0 and var channel))
        {
            Reply(target, "Join a voice channel first, then ask me to record it.",
                new StartFailed(guildId, "requester is not in a voice channel"));
            return;
        }

        var request = new RecordingRequest(
            guildId,
            roster.Name,
            channel,
            roster.ChannelName(channel),
            requester,
            _botUser.Id,
            new Dictionary<ulong, DiscordUser>(roster.Users));
        var name = "recording-" + guildId.ToString(CultureInfo.InvariantCulture) + "-"
            + (++_sessionCounter).ToString(CultureInfo.InvariantCulture);
        var actor = Context.ActorOf(RecordingActor.Props(request, _gateway, _voice, _settings), name);
        Context.Watch(actor);
        var session = new Session(guildId, actor);
        session.StartWaiters.Add(target);
        _sessions[guildId] = session;
    }

    private void HandleStop(ulong guildId, ReplyTarget target)
    {
        if (!_sessions.TryGetValue(guildId, out var session))
        {
            Reply(target, "Nothing is being recorded in this server.", new StopFailed(guildId, "not recording"));
            return;
        }

        session.StopWaiters.Add(target);
        if (!session.StopSent)
        {
            session.StopSent = true;
            session.Actor.Tell(new Recording.Recording.Stop("stop requested"));
        }
    }

    private void HandleStopAll()
    {
        var waiter = new StopAllWaiter(Sender, [.. _sessions.Keys]);
        _stopAllWaiters.Add(waiter);
        foreach (var guildId in _sessions.Keys.ToArray())
        {
            HandleStop(guildId, new AskReply(ActorRefs.Nobody));
        }

        CompleteStopAll(null, null);
    }

    /// <summary>Marks <paramref name="guildId"/> as done for every StopAll waiter and answers the complete ones.
    /// </summary>
    private void CompleteStopAll(ulong? guildId, RecordingFinished? finished)
    {
        foreach (var waiter in _stopAllWaiters.ToArray())
        {
            if (guildId is { } id && waiter.Pending.Remove(id) && finished is not null)
            {
                waiter.Finished.Add(finished);
            }

            if (waiter.Pending.Count == 0)
            {
                waiter.Asker.Tell(new AllRecordingsStopped(waiter.Finished));
                _stopAllWaiters.Remove(waiter);
            }
        }
    }

    private void HandleRecordingStarted(Recording.Recording.Started message)
    {
        var started = message.Recording;
        if (!_sessions.TryGetValue(started.GuildId, out var session))
        {
            return;
        }

        session.Started = started;
        _log.Info("Recording {RecordingId} started in guild {GuildId}", started.Id, started.GuildId);
        Context.System.EventStream.Publish(started);
        var text = $"Recording started. Id: {started.Id}, access key: {started.AccessKey}";
        foreach (var waiter in session.StartWaiters)
        {
            Reply(waiter, text, started);
        }

        session.StartWaiters.Clear();
    }

    private void HandleRecordingStartFailed(Recording.Recording.StartFailed message)
    {
        if (!_sessions.TryGetValue(message.GuildId, out var session))
        {
            return;
        }

        _log.Warning("Recording {RecordingId} in guild {GuildId} did not start: {Reason}", message.Id,
            message.GuildId, message.Reason);
        Context.System.EventStream.Publish(new RecordingFailed(message.GuildId, message.Id, message.Reason));
        foreach (var waiter in session.StartWaiters)
        {
            Reply(waiter, "Could not start recording: " + message.Reason,
                new StartFailed(message.GuildId, message.Reason));
        }

        session.StartWaiters.Clear();
    }

    private void HandleRecordingFinished(Recording.Recording.Finished message)
    {
        var finished = message.Recording;
        if (!_sessions.Remove(finished.GuildId, out var session))
        {
            return;
        }

        if (session.Started is null)
        {
            // It never started (already reported as failed) and its empty files were discarded.
            foreach (var waiter in session.StopWaiters)
            {
                Reply(waiter, "The recording was stopped before it started.",
                    new StopFailed(finished.GuildId, "stopped before it started"));
            }

            CompleteStopAll(finished.GuildId, null);
            return;
        }

        _log.Info("Recording {RecordingId} finished: {Tracks} tracks, {Duration}, stored in {Folder}", finished.Id,
            finished.Tracks.Count, finished.Duration, finished.Folder);
        Context.System.EventStream.Publish(finished);
        var text = string.Create(CultureInfo.InvariantCulture,
            $"Recording {finished.Id} finished: {finished.Tracks.Count} track(s), {finished.Duration:hh\\:mm\\:ss}.");
        foreach (var waiter in session.StopWaiters)
        {
            Reply(waiter, text, finished);
        }

        CompleteStopAll(finished.GuildId, finished);
    }

    private void HandleTerminated(Terminated message)
    {
        var session = _sessions.Values.FirstOrDefault(s => s.Actor.Equals(message.ActorRef));
        if (session is null)
        {
            return;
        }

        _sessions.Remove(session.GuildId);
        _log.Error("Recording actor of guild {GuildId} stopped without finishing", session.GuildId);
        foreach (var waiter in session.StartWaiters)
        {
            Reply(waiter, "Could not start recording.", new StartFailed(session.GuildId, "recording stopped"));
        }

        foreach (var waiter in session.StopWaiters)
        {
            Reply(waiter, "The recording ended abnormally.", new StopFailed(session.GuildId, "recording stopped"));
        }

        CompleteStopAll(session.GuildId, null);
    }

    private void Reply(ReplyTarget target, string text, object? answer)
    {
        switch (target)
        {
            case InteractionReply interaction:
                Observe("EditOriginalResponse", EditAfterDeferAsync(_rest, interaction, text));
                break;
            case ChannelReply channel:
                Observe("CreateMessage", _rest.CreateMessageAsync(channel.ChannelId, text));
                break;
            case AskReply ask when answer is not null && !ask.Asker.IsNobody():
                ask.Asker.Tell(answer);
                break;
        }
    }

    private static async Task EditAfterDeferAsync(IDiscordRest rest, InteractionReply target, string text)
    {
        // Editing @original before the deferral landed would fail: wait for it (it may have failed; try anyway).
        try
        {
            await target.Deferred.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Already reported by the deferral's own observer.
        }

        await rest.EditOriginalResponseAsync(target.ApplicationId, target.Token, text).ConfigureAwait(false);
    }

    private void Observe(string call, Task task) =>
        _ = Pumps.TellOnFailureAsync(task, Self, ex => new RestFailed(call, ex));

    /// <summary>An asker of <see cref="StopAllRecordings"/> and the guilds it still waits for.</summary>
    private sealed record StopAllWaiter(IActorRef Asker, HashSet<ulong> Pending)
    {
        public List<RecordingFinished> Finished { get; } = [];
    }

    /// <summary>A guild's running recording and who waits for its answers.</summary>
    private sealed class Session(ulong guildId, IActorRef actor)
    {
        public ulong GuildId { get; } = guildId;

        public IActorRef Actor { get; } = actor;

        public RecordingStarted? Started { get; set; }

        public bool StopSent { get; set; }

        public List<ReplyTarget> StartWaiters { get; } = [];

        public List<ReplyTarget> StopWaiters { get; } = [];
    }
}
