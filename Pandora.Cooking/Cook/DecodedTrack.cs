namespace Pandora.Cooking.Cook;

/// <summary>A track's whole decoded audio: mono (the two channels averaged), 48 kHz, samples in [-1, 1], from the
/// recording's start to its end. Meant for tests and analysis; it holds the track in memory.</summary>
public sealed record DecodedTrack(int Track, string Name, float[] Samples);
