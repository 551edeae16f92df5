namespace Pandora.Emulator.Scenarios;

/// <summary>A member joins the voice channel at <paramref name="At"/> on the timeline.</summary>
/// <remarks>Negative times happen before the record command (right after the bot's READY).</remarks>
public sealed record ScenarioJoin(ulong UserId, TimeSpan At);
