namespace Pandora.Cooking.Ogg;

/// <summary>Counters of an <see cref="OggPageReader"/>.</summary>
/// <param name="Pages">Valid pages returned.</param>
/// <param name="CorruptPages">Places where a page started ("OggS") but failed validation: wrong version, unknown
/// flags, bad CRC, or cut short by the end of the input. Each one was skipped by resynchronising.</param>
/// <param name="SkippedBytes">Bytes thrown away while looking for the next capture pattern.</param>
public readonly record struct OggReaderStats(long Pages, long CorruptPages, long SkippedBytes);
