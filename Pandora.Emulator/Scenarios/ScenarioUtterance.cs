namespace Pandora.Emulator.Scenarios;

/// <summary>A member says one clip, its first packet at <paramref name="At"/> after the timeline start.</summary>
public sealed record ScenarioUtterance(ulong UserId, string Clip, TimeSpan At);
