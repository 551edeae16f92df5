namespace Pandora.Cooking.Raw;

/// <summary>Counters of a <see cref="RawRecordingWriter"/>.</summary>
/// <param name="Tracks">Tracks added.</param>
/// <param name="AudioPages">Audio pages written (each followed by one reference page).</param>
/// <param name="DataBytes">Bytes written to <c>&lt;id&gt;.ogg.data</c>.</param>
public readonly record struct RawWriterStats(int Tracks, long AudioPages, long DataBytes);
