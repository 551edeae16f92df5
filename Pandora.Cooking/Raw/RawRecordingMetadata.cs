namespace Pandora.Cooking.Raw;

/// <summary>
/// What a reader found in <c>&lt;id&gt;.ogg.info</c>, accepting Pandora's shape (<c>startTime</c> as epoch
/// milliseconds, in a number or a string; <c>guild</c> as <c>name#id</c>) and Craig's (ISO <c>startTime</c>,
/// <c>guildExtra</c>, <c>channelExtra</c>, <c>format</c>). Keys are secrets: <see cref="ToString"/> leaves them out.
/// </summary>
public sealed record RawRecordingMetadata(
    int? Format,
    string? AccessKey,
    string? DeleteKey,
    string? Requester,
    string? RequesterId,
    DateTimeOffset? StartTime,
    string? Guild,
    string? GuildId,
    string? Channel,
    string? ChannelId,
    long? EndSamples = null)
{
    public override string ToString() =>
        $"RawRecordingMetadata {{ Format = {Format}, Guild = {Guild}, Channel = {Channel}, StartTime = {StartTime} }}";
}
