using Pandora.Cooking.Raw;

namespace Pandora.Cooking.Cook;

/// <summary>What a cook produced.</summary>
/// <param name="Tracks">Every track of the recording, in track order.</param>
/// <param name="Samples">Length of the output in samples per channel at 48 kHz: the latest packet end of any
/// track.</param>
/// <param name="Reader">What the pass over the data file met, including corrupt pages skipped.</param>
public sealed record CookResult(IReadOnlyList<CookedTrack> Tracks, long Samples, RawReaderStats Reader)
{
    public TimeSpan Duration => TimeSpan.FromSeconds(Samples / 48_000.0);
}
