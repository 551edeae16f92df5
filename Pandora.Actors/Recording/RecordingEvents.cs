using Pandora.Discord.Gateway;

namespace Pandora.Actors.Recording;

/// <summary>
/// Every change of a recording's state, as events applied by <see cref="RecordingState.Apply"/>. They are shaped
/// to be journaled when the recording becomes a persistent actor; nothing is persisted yet.
/// </summary>
public static class RecordingEvents
{
    public abstract record Event;

    /// <summary>Ids and keys drawn, start time fixed (UTC and monotonic timestamp).</summary>
    public sealed record Started(
        string Id,
        string AccessKey,
        string DeleteKey,
        DateTimeOffset StartTime,
        long StartTimestamp,
        string Folder) : Event;

    /// <summary>Op 4 sent: whatever session and server we had belong to the previous join.</summary>
    public sealed record JoinRequested(ulong ChannelId) : Event;

    /// <summary>Our own VOICE_STATE_UPDATE.</summary>
    public sealed record OwnVoiceStateReceived(string SessionId, ulong ChannelId) : Event;

    /// <summary>VOICE_SERVER_UPDATE; a null endpoint means the voice server went away.</summary>
    public sealed record VoiceServerReceived(string Token, string? Endpoint) : Event;

    /// <summary>A new voice connection is being made.</summary>
    public sealed record ConnectionRequested(int Generation) : Event;

    /// <summary>The voice connection finished its handshake.</summary>
    public sealed record VoiceConnected(int Generation) : Event;

    /// <summary>The current voice connection is being closed.</summary>
    public sealed record VoiceDisconnected(string Reason) : Event;

    /// <summary>Someone whose name tracks can use.</summary>
    public sealed record UserSeen(DiscordUser User) : Event;

    /// <summary>A speaker's first packet: track numbers from 1 in order first heard.</summary>
    public sealed record TrackAdded(int Track, ulong UserId, string Name) : Event;

    public sealed record StopRequested(string Reason, DateTimeOffset At) : Event;

    /// <summary>A track wrote all it had.</summary>
    public sealed record TrackFlushed(int Track) : Event;

    public sealed record Finalized(string Folder) : Event;
}
