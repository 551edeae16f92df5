namespace Pandora.Emulator.Scenarios;

/// <summary>A member joined (or left) the voice channel at <paramref name="At"/> (UTC).</summary>
public sealed record MemberVoiceEvent(ulong UserId, string Name, bool Joined, DateTimeOffset At);
