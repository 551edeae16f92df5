namespace Pandora.Cooking.Cook;

/// <summary>One speaker's activity: the recording cut into <c>Active.Count</c> equal slices, each true when the
/// speaker sent audio in it.</summary>
public sealed record SpeakerActivity(int Track, string Name, IReadOnlyList<bool> Active, long Packets);
