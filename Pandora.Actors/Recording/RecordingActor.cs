using System.Globalization;
using Akka.Actor;
using Akka.Event;
using Pandora.Actors.Internal;
using Pandora.Actors.Tracks;
using Pandora.Cooking.Raw;
using Pandora.Discord.Gateway;
using Pandora.Discord.Voice;

namespace Pandora.Actors.Recording;

/// <summary>
/// One recording of one guild's voice channel. Joins with op 4, waits for its own VOICE_STATE_UPDATE and the
/// VOICE_SERVER_UPDATE of this join, connects, and hands each speaker's packets to a <see cref="TrackActor"/>
/// created on their first packet. A new VOICE_SERVER_UPDATE replaces the connection; a null endpoint closes it
/// until the next one; being disconnected from the channel stops the recording. Stopping writes every queued
/// packet, then a <see cref="FinalizerActor"/> disposes the writer and moves the files to the store.
/// State changes go through <see cref="RecordingState.Apply"/>; connections, pumps and child actors are
/// runtime resources rebuilt from that state.
/// </summary>
public sealed class RecordingActor : ReceiveActor, IWithTimers
{
    private static readonly TimeSpan s_drainTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan s_disposeTimeout = TimeSpan.FromSeconds(5);

    private readonly RecordingRequest _request;
    private readonly IGatewayClient _gateway;
    private readonly IVoiceConnectionFactory _factory;
    private readonly RecorderSettings _settings;
    private readonly RecordingState _state;
    private readonly Dictionary<int, IActorRef> _trackActors = [];
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private IRawRecordingWriter? _writer;
    private IVoiceConnection? _connection;
    private CancellationTokenSource? _connectCts;
    private CancellationTokenSource? _pumpCts;
    private Task[] _pumps = [];
    private int _closing;
    private bool _startReported;
    private bool _tracksStopping;
    private bool _finalizing;
    private long _droppedUnknownUser;
    private long _droppedAfterStop;

    public RecordingActor(
        RecordingRequest request,
        IGatewayClient gateway,
        IVoiceConnectionFactory factory,
        RecorderSettings settings)
    {
        _request = request;
        _gateway = gateway;
        _factory = factory;
        _settings = settings;
        _state = new RecordingState(request);
        Active();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(
        RecordingRequest request,
        IGatewayClient gateway,
        IVoiceConnectionFactory factory,
        RecorderSettings settings) =>
        Akka.Actor.Props.Create(() => new RecordingActor(request, gateway, factory, settings));

    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(10, TimeSpan.FromMinutes(1), ex =>
            ex is ActorInitializationException ? Directive.Stop : Directive.Restart);

    protected override void PreStart()
    {
        var id = RecordingIds.NewRecordingId(_settings.RecordingsFolder, _settings.ObjectStoreFolder);
        var folder = Path.Combine(_settings.RecordingsFolder, id);
        var clock = _settings.Clock;
        Apply(new RecordingEvents.Started(
            id, RecordingIds.NewKey(), RecordingIds.NewKey(), clock.GetUtcNow(), clock.GetTimestamp(), folder));

        try
        {
            Directory.CreateDirectory(folder);
            _writer = _settings.WriterFactory(folder, CreateInfo());
        }
        catch (Exception ex)
        {
            _log.Error(ex, "Recording {RecordingId}: could not create its files in {Folder}", id, folder);
            Context.Parent.Tell(
                new Recording.StartFailed(_request.GuildId, id, "could not create the recording files"));
            _startReported = true;
            Context.Stop(Self);
            return;
        }

        _log.Info("Recording {RecordingId} of guild {GuildId} channel {ChannelId} starting", id, _request.GuildId,
            _request.ChannelId);
        Timers.StartSingleTimer("join-timeout", Recording.JoinTimedOut.Instance, _settings.JoinTimeout);
        SendJoin();
    }

    protected override void PostStop()
    {
        // Reached without finalizing only when something went badly wrong: release what we hold.
        if (_connection is not null)
        {
            _ = _connection.DisposeAsync().AsTask();
        }

        if (!_finalizing)
        {
            _writer?.Dispose();
        }
    }

    private void Active()
    {
        Receive<VoiceStateUpdateEvent>(HandleVoiceState);
        Receive<Recording.VoiceServer>(message => HandleVoiceServer(message.Event));
        Receive<Recording.ConnectSucceeded>(HandleConnectSucceeded);
        Receive<Recording.ConnectFailed>(HandleConnectFailed);
        Receive<Recording.VoiceEventReceived>(HandleVoiceEvent);
        Receive<Recording.PacketReceived>(HandlePacket);
        Receive<Recording.ConnectionClosed>(HandleConnectionClosed);
        Receive<Recording.JoinFailed>(HandleJoinFailed);
        Receive<Recording.JoinTimedOut>(_ => HandleJoinTimedOut());
        Receive<Recording.Rejoin>(_ => HandleRejoin());
        Receive<Recording.Stop>(message => BeginStop(message.Reason));
        Receive<Track.Stopped>(HandleTrackStopped);
        Receive<Terminated>(HandleTerminated);
        Receive<Finalizer.Finished>(HandleFinalized);
    }

    private void Apply(RecordingEvents.Event e) => _state.Apply(e);

    private bool IsStopping => _state.Phase >= RecordingPhase.Stopping;

    private RawRecordingInfo CreateInfo()
    {
        var requester = _request.Requester;
        var requesterName = requester.Discriminator is "" or "0"
            ? requester.Username
            : requester.Username + "#" + requester.Discriminator;
        return new RawRecordingInfo(
            _state.Id,
            _state.AccessKey,
            _state.DeleteKey,
            requester.Id,
            requesterName,
            _state.StartTime,
            _request.GuildId,
            _request.GuildName,
            _request.ChannelId,
            _request.ChannelName);
    }

    private void SendJoin()
    {
        Apply(new RecordingEvents.JoinRequested(_state.ChannelId));
        if (_state.EverConnected)
        {
            // Rejoining a running recording: if the answers never come, ask again rather than wait forever.
            Timers.StartSingleTimer("rejoin", Recording.Rejoin.Instance, _settings.JoinTimeout);
        }

        var join = _gateway.UpdateVoiceStateAsync(_request.GuildId, _state.ChannelId, selfMute: true, selfDeaf: false);
        _ = Pumps.TellOnFailureAsync(join.AsTask(), Self, ex => new Recording.JoinFailed(ex));
    }

    private void HandleJoinFailed(Recording.JoinFailed message)
    {
        _log.Warning(message.Error, "Recording {RecordingId}: op 4 could not be sent", _state.Id);
        ScheduleRejoin();
    }

    private void HandleJoinTimedOut()
    {
        if (!_state.EverConnected)
        {
            BeginStop("could not connect to the voice channel in time");
        }
    }

    private void HandleRejoin()
    {
        if (!IsStopping && _connection is null)
        {
            SendJoin();
        }
    }

    private void ScheduleRejoin()
    {
        if (!IsStopping)
        {
            Timers.StartSingleTimer("rejoin", Recording.Rejoin.Instance, _settings.RejoinDelay);
        }
    }

    private void HandleVoiceState(VoiceStateUpdateEvent message)
    {
        var voiceState = message.State;
        if (voiceState.User is not null)
        {
            Apply(new RecordingEvents.UserSeen(voiceState.User));
        }

        if (voiceState.UserId != _request.BotUserId || IsStopping)
        {
            return;
        }

        if (voiceState.ChannelId is not { } channelId)
        {
            BeginStop("the bot left or was removed from the voice channel");
            return;
        }

        if (channelId != _state.ChannelId)
        {
            _log.Info("Recording {RecordingId}: moved to channel {ChannelId}", _state.Id, channelId);
        }

        Apply(new RecordingEvents.OwnVoiceStateReceived(voiceState.SessionId, channelId));
        TryConnect();
    }

    private void HandleVoiceServer(VoiceServerUpdateEvent message)
    {
        if (IsStopping)
        {
            return;
        }

        Apply(new RecordingEvents.VoiceServerReceived(message.Token, message.Endpoint));

        // Any new VOICE_SERVER_UPDATE carries a new token: the old voice session cannot be reused.
        if (_connection is not null)
        {
            CloseConnection(message.Endpoint is null ? "the voice server went away" : "a new voice server");
        }

        TryConnect();
    }

    private void TryConnect()
    {
        if (_connection is not null || !_state.CanConnect || IsStopping)
        {
            return;
        }

        var generation = _state.Generation + 1;
        Apply(new RecordingEvents.ConnectionRequested(generation));
        var info = new VoiceConnectionInfo(
            _request.GuildId, _state.ChannelId, _request.BotUserId, _state.SessionId!, _state.Token!, _state.Endpoint!);
        IVoiceConnection connection;
        try
        {
            connection = _factory.Create(info);
        }
        catch (Exception ex)
        {
            _log.Warning(ex, "Recording {RecordingId}: could not create a voice connection", _state.Id);
            ScheduleRejoin();
            return;
        }

        _connection = connection;
        _connectCts = new CancellationTokenSource();
        _pumpCts = new CancellationTokenSource();
        var pumpToken = _pumpCts.Token;
        _pumps =
        [
            Pumps.RunAsync(connection.Packets, Self, p => new Recording.PacketReceived(p), pumpToken),
            Pumps.RunAsync(connection.Events, Self, e => new Recording.VoiceEventReceived(generation, e), pumpToken),
        ];
        connection.ConnectAsync(_connectCts.Token).PipeTo(
            Self,
            success: () => new Recording.ConnectSucceeded(generation),
            failure: ex => new Recording.ConnectFailed(generation, ex));
    }

    private void HandleConnectSucceeded(Recording.ConnectSucceeded message)
    {
        if (message.Generation != _state.Generation || _connection is null || IsStopping)
        {
            return;
        }

        Apply(new RecordingEvents.VoiceConnected(message.Generation));
        _log.Info("Recording {RecordingId}: voice connected to {Endpoint}", _state.Id, _state.Endpoint);
        if (_startReported)
        {
            return;
        }

        _startReported = true;
        Timers.Cancel("join-timeout");
        Context.Parent.Tell(new Recording.Started(new RecordingStarted(
            _state.Id,
            _state.AccessKey,
            _state.DeleteKey,
            _request.GuildId,
            _state.ChannelId,
            _state.Folder,
            _state.StartTime)));
    }

    private void HandleConnectFailed(Recording.ConnectFailed message)
    {
        if (message.Generation != _state.Generation || _connection is null)
        {
            return;
        }

        _log.Warning(message.Error, "Recording {RecordingId}: voice connection failed", _state.Id);
        CloseConnection("connection failed");
        ScheduleRejoin();
    }

    private void HandleVoiceEvent(Recording.VoiceEventReceived message)
    {
        if (message.Generation != _state.Generation || _connection is null)
        {
            return;
        }

        switch (message.Event)
        {
            case VoiceClosed closed:
                _log.Warning("Recording {RecordingId}: voice closed ({CloseCode} {Reason}), rejoin {Rejoin}",
                    _state.Id, closed.CloseCode, closed.Reason, closed.Rejoin);
                CloseConnection("voice closed");
                if (closed.Rejoin && !IsStopping)
                {
                    SendJoin();
                }

                break;
            case VoiceSpeaking speaking:
                _log.Debug("Recording {RecordingId}: SSRC {Ssrc} is user {UserId}", _state.Id, speaking.Ssrc,
                    speaking.UserId);
                break;
        }
    }

    private void CloseConnection(string reason)
    {
        if (_connection is null)
        {
            return;
        }

        Apply(new RecordingEvents.VoiceDisconnected(reason));
        var connection = _connection;
        var pumpCts = _pumpCts!;
        var pumps = _pumps;
        var generation = _state.Generation;
        _connectCts!.Cancel();
        _connectCts.Dispose();
        _connection = null;
        _connectCts = null;
        _pumpCts = null;
        _pumps = [];
        _closing++;
        CloseAsync(connection, pumpCts, pumps).PipeTo(
            Self,
            success: () => new Recording.ConnectionClosed(generation),
            failure: _ => new Recording.ConnectionClosed(generation));
    }

    /// <summary>Disposes a connection and lets its pumps deliver what it still had; runs outside the actor.
    /// A connection whose disposal hangs is abandoned after a few seconds so that stopping always completes.
    /// </summary>
    private static async Task CloseAsync(IVoiceConnection connection, CancellationTokenSource cts, Task[] pumps)
    {
        try
        {
            await connection.DisposeAsync().AsTask().WaitAsync(s_disposeTimeout).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Disposal failed or hung: nothing more can be received from it either way.
        }
        finally
        {
            cts.CancelAfter(s_drainTimeout);
            try
            {
                await Task.WhenAll(pumps).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // A faulted pump only means the connection ended badly; what it delivered is kept.
            }

            cts.Dispose();
        }
    }

    private void HandleConnectionClosed(Recording.ConnectionClosed message)
    {
        _closing--;
        if (IsStopping && _closing == 0 && _connection is null && !_tracksStopping)
        {
            StopTracks();
        }
    }

    private void HandlePacket(Recording.PacketReceived message)
    {
        var packet = message.Packet;
        if (_tracksStopping || _state.Phase == RecordingPhase.Finalized)
        {
            _droppedAfterStop++;
            return;
        }

        if (packet.UserId == 0 || packet.UserId == _request.BotUserId)
        {
            _droppedUnknownUser++;
            return;
        }

        if (!_state.TryGetTrack(packet.UserId, out var track))
        {
            track = AddTrack(packet.UserId);
        }

        if (_trackActors.TryGetValue(track, out var actor))
        {
            actor.Tell(new Track.Packet(packet));
        }
    }

    private int AddTrack(ulong userId)
    {
        var track = _state.Tracks.Count + 1;
        var name = _state.NameOf(userId);
        Apply(new RecordingEvents.TrackAdded(track, userId, name));
        var user = _state.UserOf(userId);
        var rawUser = new RawUser(
            track,
            userId,
            user?.Username ?? name,
            user?.GlobalName,
            user?.Discriminator ?? "0",
            user?.Bot ?? false);
        try
        {
            _writer!.AddTrack(rawUser);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The track's audio is still written; only its header pages or users line may be missing.
            _log.Error(ex, "Recording {RecordingId}: adding track {Track} failed", _state.Id, track);
        }

        var timeline = new TrackTimeline(
            _state.StartTimestamp, _settings.Clock.TimestampFrequency, _settings.ReanchorThreshold);
        var actor = Context.ActorOf(
            TrackActor.Props(track, _writer!, timeline, new ReorderQueue(), _settings),
            "track-" + track.ToString(CultureInfo.InvariantCulture));
        Context.Watch(actor);
        _trackActors[track] = actor;
        _log.Info("Recording {RecordingId}: track {Track} is user {UserId}", _state.Id, track, userId);
        return track;
    }

    private void BeginStop(string reason)
    {
        if (IsStopping)
        {
            return;
        }

        Apply(new RecordingEvents.StopRequested(reason, _settings.Clock.GetUtcNow()));
        _log.Info("Recording {RecordingId} stopping: {Reason}", _state.Id, reason);
        Timers.CancelAll();
        if (!_startReported)
        {
            _startReported = true;
            Context.Parent.Tell(new Recording.StartFailed(_request.GuildId, _state.Id, reason));
        }

        var leave = _gateway.UpdateVoiceStateAsync(_request.GuildId, null, selfMute: true, selfDeaf: false);
        _ = Pumps.TellOnFailureAsync(leave.AsTask(), Self, ex => new Recording.JoinFailed(ex));
        CloseConnection("stopping");
        if (_closing == 0)
        {
            StopTracks();
        }
    }

    private void StopTracks()
    {
        // Every packet the connections delivered is now in the tracks' mailboxes, ahead of this Stop.
        _tracksStopping = true;
        foreach (var actor in _trackActors.Values)
        {
            actor.Tell(Track.Stop.Instance);
        }

        FinalizeIfFlushed();
    }

    private void HandleTrackStopped(Track.Stopped message)
    {
        _log.Info("Recording {RecordingId} track {Track} flushed: {Counters}", _state.Id, message.TrackNumber,
            message.Counters);
        Apply(new RecordingEvents.TrackFlushed(message.TrackNumber));
        FinalizeIfFlushed();
    }

    private void HandleTerminated(Terminated message)
    {
        var entry = _trackActors.FirstOrDefault(pair => pair.Value.Equals(message.ActorRef));
        if (entry.Value is null)
        {
            return;
        }

        _trackActors.Remove(entry.Key);
        if (!_tracksStopping)
        {
            _log.Error("Recording {RecordingId}: track {Track} stopped after repeated failures; its later packets "
                + "are dropped", _state.Id, entry.Key);
        }

        // A dead track has nothing more to write.
        Apply(new RecordingEvents.TrackFlushed(entry.Key));
        FinalizeIfFlushed();
    }

    private void FinalizeIfFlushed()
    {
        if (!_tracksStopping || _finalizing || !_state.AllTracksFlushed)
        {
            return;
        }

        _finalizing = true;
        if (_droppedUnknownUser > 0 || _droppedAfterStop > 0)
        {
            _log.Info("Recording {RecordingId}: dropped {Unknown} packets of unknown users, {AfterStop} after stop",
                _state.Id, _droppedUnknownUser, _droppedAfterStop);
        }

        // A recording that never connected holds no audio: its files are discarded instead of stored.
        var discard = !_state.EverConnected && _state.Tracks.Count == 0;

        // Every track lasts until the stop, not only until the last packet anyone sent.
        var stoppedAt = _state.StoppedAt ?? _settings.Clock.GetUtcNow();
        var endSamples = (ulong)Math.Max(0, Math.Round((stoppedAt - _state.StartTime).TotalSeconds * 48_000));
        Context.ActorOf(
            FinalizerActor.Props(_writer!, _state.Id, _state.Folder, _settings.ObjectStoreFolder, discard, endSamples),
            "finalizer");
    }

    private void HandleFinalized(Finalizer.Finished message)
    {
        Apply(new RecordingEvents.Finalized(message.Folder));
        var stoppedAt = _state.StoppedAt ?? _settings.Clock.GetUtcNow();
        var finished = new RecordingFinished(
            _state.Id,
            _state.AccessKey,
            _request.GuildId,
            _state.ChannelId,
            message.Folder,
            _state.Tracks.ToArray(),
            _state.StartTime,
            stoppedAt - _state.StartTime,
            _state.StopReason ?? "stopped");
        Context.Parent.Tell(new Recording.Finished(finished));
        Context.Stop(Self);
    }
}
