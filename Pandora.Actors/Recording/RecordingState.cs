using Pandora.Discord.Gateway;

namespace Pandora.Actors.Recording;

/// <summary>Where a recording is in its life.</summary>
public enum RecordingPhase
{
    Joining = 0,
    Connecting = 1,
    Connected = 2,
    Stopping = 3,
    Finalized = 4,
}

/// <summary>A recording's state. Only <see cref="Apply"/> changes it.</summary>
public sealed class RecordingState
{
    private readonly Dictionary<ulong, int> _trackOfUser = [];
    private readonly List<RecordedTrack> _tracks = [];
    private readonly HashSet<int> _flushed = [];
    private readonly Dictionary<ulong, DiscordUser> _users = [];

    public RecordingState(RecordingRequest request)
    {
        ChannelId = request.ChannelId;
        foreach (var (id, user) in request.KnownUsers)
        {
            _users[id] = user;
        }
    }

    public string Id { get; private set; } = "";

    public string AccessKey { get; private set; } = "";

    public string DeleteKey { get; private set; } = "";

    public DateTimeOffset StartTime { get; private set; }

    public long StartTimestamp { get; private set; }

    public string Folder { get; private set; } = "";

    public RecordingPhase Phase { get; private set; }

    public ulong ChannelId { get; private set; }

    public string? SessionId { get; private set; }

    public string? Token { get; private set; }

    public string? Endpoint { get; private set; }

    public int Generation { get; private set; }

    public bool EverConnected { get; private set; }

    public DateTimeOffset? StoppedAt { get; private set; }

    public string? StopReason { get; private set; }

    public IReadOnlyList<RecordedTrack> Tracks => _tracks;

    public bool AllTracksFlushed => _flushed.Count == _tracks.Count;

    public bool TryGetTrack(ulong userId, out int track) => _trackOfUser.TryGetValue(userId, out track);

    public string NameOf(ulong userId) =>
        _users.TryGetValue(userId, out var user)
            ? user.DisplayName
            : userId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public DiscordUser? UserOf(ulong userId) => _users.GetValueOrDefault(userId);

    /// <summary>True when both halves of a voice connection's credentials, from this join, are known.</summary>
    public bool CanConnect => SessionId is not null && Token is not null && Endpoint is not null;

    public void Apply(RecordingEvents.Event e)
    {
        switch (e)
        {
            case RecordingEvents.Started s:
                (Id, AccessKey, DeleteKey, StartTime, StartTimestamp, Folder) =
                    (s.Id, s.AccessKey, s.DeleteKey, s.StartTime, s.StartTimestamp, s.Folder);
                Phase = RecordingPhase.Joining;
                break;
            case RecordingEvents.JoinRequested j:
                (ChannelId, SessionId, Token, Endpoint) = (j.ChannelId, null, null, null);
                Phase = RecordingPhase.Joining;
                break;
            case RecordingEvents.OwnVoiceStateReceived v:
                (SessionId, ChannelId) = (v.SessionId, v.ChannelId);
                break;
            case RecordingEvents.VoiceServerReceived v:
                (Token, Endpoint) = (v.Token, v.Endpoint);
                break;
            case RecordingEvents.ConnectionRequested c:
                Generation = c.Generation;
                Phase = RecordingPhase.Connecting;
                break;
            case RecordingEvents.VoiceConnected:
                EverConnected = true;
                Phase = RecordingPhase.Connected;
                break;
            case RecordingEvents.VoiceDisconnected:
                Phase = Phase == RecordingPhase.Stopping ? Phase : RecordingPhase.Joining;
                break;
            case RecordingEvents.UserSeen u:
                _users[u.User.Id] = u.User;
                break;
            case RecordingEvents.TrackAdded t:
                _trackOfUser[t.UserId] = t.Track;
                _tracks.Add(new RecordedTrack(t.Track, t.UserId, t.Name));
                break;
            case RecordingEvents.StopRequested s:
                (StopReason, StoppedAt) = (s.Reason, s.At);
                Phase = RecordingPhase.Stopping;
                break;
            case RecordingEvents.TrackFlushed f:
                _flushed.Add(f.Track);
                break;
            case RecordingEvents.Finalized f:
                Folder = f.Folder;
                Phase = RecordingPhase.Finalized;
                break;
        }
    }
}
