namespace Pandora.Emulator.Scenarios;

/// <summary>Test code run at <paramref name="At"/> on the timeline (e.g. drop sockets at 8 s).</summary>
public sealed record ScenarioHook(
    TimeSpan At,
    Func<DiscordEmulator, CancellationToken, Task> Action,
    string Name = "hook");
