namespace Pandora.Cooking.Raw;

/// <summary>A speaker's entry in <c>&lt;id&gt;.ogg.users</c>; <see cref="Track"/> numbers start at 1.</summary>
public sealed record RawUser(
    int Track,
    ulong Id,
    string Username,
    string? GlobalName,
    string Discriminator,
    bool Bot);

/// <summary>What <c>&lt;id&gt;.ogg.info</c> holds. Keys are secrets: never log this record whole.</summary>
public sealed record RawRecordingInfo(
    string Id,
    string AccessKey,
    string DeleteKey,
    ulong RequesterId,
    string Requester,
    DateTimeOffset StartTime,
    ulong GuildId,
    string GuildName,
    ulong ChannelId,
    string ChannelName)
{
    public override string ToString() =>
        $"RawRecordingInfo {{ Id = {Id}, GuildId = {GuildId}, ChannelId = {ChannelId} }}";
}

/// <summary>
/// Writes one recording in the raw format shared with Pandora and Craig (shared/RAW-FORMAT.md): header1,
/// header2, data, users and info files named <c>&lt;id&gt;.ogg.*</c> in one folder. All members are thread-safe;
/// pages of different tracks interleave in <c>data</c> in the order they are written.
/// </summary>
public interface IRawRecordingWriter : IDisposable
{
    string Id { get; }

    /// <summary>The folder holding the files.</summary>
    string Directory { get; }

    /// <summary>Adds a track: its OpusHead page to header1, OpusTags page to header2, a line to users.</summary>
    void AddTrack(RawUser user);

    /// <summary>Appends one audio page (one Opus packet, any length including 0), then Craig's empty reference
    /// page holding the RTP timestamp. <paramref name="granule"/> follows Ogg's rule: the position, in 48 kHz
    /// samples from the recording's start, of the END of the packet (its first sample plus its duration).
    /// </summary>
    void WriteAudio(int track, ulong granule, ReadOnlySpan<byte> opusPacket, uint rtpTimestamp);

    /// <summary>Pushes buffered bytes to disk.</summary>
    void Flush();

    /// <summary>Records where the recording ended, in 48 kHz samples from its start, so that every cooked track
    /// lasts until the recording stopped and not only until the last packet anyone sent. Rewrites the info file
    /// with an <c>endSamples</c> field (ignored by Pandora's and Craig's tools). Call once, before disposing.
    /// </summary>
    void Seal(ulong endSamples);
}
