namespace Pandora.Emulator.Scenarios;

/// <summary>A scripted member. Snowflakes are decimal strings on the wire.</summary>
/// <param name="UserId">Discord user id.</param>
/// <param name="Name">User name (also global name).</param>
/// <param name="Voice">espeak-ng voice their clips were made with (informative).</param>
/// <param name="InVoiceAtStart">Already in the voice channel at GUILD_CREATE.</param>
public sealed record ScenarioMember(ulong UserId, string Name, string Voice, bool InVoiceAtStart = false);
