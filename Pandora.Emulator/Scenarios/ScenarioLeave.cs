namespace Pandora.Emulator.Scenarios;

/// <summary>A member leaves the voice channel at <paramref name="At"/> on the timeline.</summary>
public sealed record ScenarioLeave(ulong UserId, TimeSpan At);
