namespace Pandora.Cooking.Raw;

/// <summary>What a pass over <c>&lt;id&gt;.ogg.data</c> met.</summary>
/// <param name="AudioPackets">Audio packets returned.</param>
/// <param name="ReferencePages">Empty pages skipped: Craig's RTP timestamp references, and empty audio
/// packets, which carry no sound.</param>
/// <param name="ForeignPages">Valid pages of serials with no OpusHead in header1 (Craig's note track, or a track
/// whose header was lost), skipped.</param>
/// <param name="CorruptPages">Pages that failed validation and were skipped by resynchronising.</param>
/// <param name="SkippedBytes">Bytes passed over while resynchronising.</param>
public readonly record struct RawReaderStats(
    long AudioPackets,
    long ReferencePages,
    long ForeignPages,
    long CorruptPages,
    long SkippedBytes);
