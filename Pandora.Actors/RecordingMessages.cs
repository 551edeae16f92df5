namespace Pandora.Actors;

/// <summary>One track of a finished recording.</summary>
public sealed record RecordedTrack(int Track, ulong UserId, string Name);

/// <summary>Published on the EventStream when a recording's voice connection is up and audio is being written.
/// Holds the access key: print it for the requester, never log it.</summary>
public sealed record RecordingStarted(
    string Id,
    string AccessKey,
    string DeleteKey,
    ulong GuildId,
    ulong ChannelId,
    string Folder,
    DateTimeOffset StartTime)
{
    public override string ToString() => $"RecordingStarted {{ Id = {Id}, GuildId = {GuildId} }}";
}

/// <summary>Published on the EventStream (and answered to <c>StopRecording</c>) once every track was written,
/// the writer disposed and the files moved to <paramref name="Folder"/> in the object store.</summary>
public sealed record RecordingFinished(
    string Id,
    string AccessKey,
    ulong GuildId,
    ulong ChannelId,
    string Folder,
    IReadOnlyList<RecordedTrack> Tracks,
    DateTimeOffset StartTime,
    TimeSpan Duration,
    string Reason)
{
    public override string ToString() =>
        $"RecordingFinished {{ Id = {Id}, GuildId = {GuildId}, Tracks = {Tracks.Count}, Duration = {Duration} }}";
}

/// <summary>Published on the EventStream when a recording could not start (or was stopped before it did).</summary>
public sealed record RecordingFailed(ulong GuildId, string? Id, string Reason);
