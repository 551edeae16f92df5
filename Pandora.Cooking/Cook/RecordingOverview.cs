using Pandora.Cooking.Raw;

namespace Pandora.Cooking.Cook;

/// <summary>What a page about a recording shows: its details and, per speaker, when they spoke.</summary>
/// <param name="Id">The recording id.</param>
/// <param name="Info">The info file of its first segment, or null. Holds the keys: never show it whole.</param>
/// <param name="Samples">Length in 48 kHz samples.</param>
/// <param name="Speakers">Speakers in track order.</param>
public sealed record RecordingOverview(
    string Id,
    RawRecordingMetadata? Info,
    long Samples,
    IReadOnlyList<SpeakerActivity> Speakers)
{
    public TimeSpan Duration => TimeSpan.FromSeconds(Samples / 48_000.0);
}
