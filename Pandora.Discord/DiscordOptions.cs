namespace Pandora.Discord;

/// <summary>How to reach Discord (or the emulator). Immutable; <see cref="ToString"/> hides the token.</summary>
public sealed record DiscordOptions
{
    /// <summary>The bot token, without the "Bot " prefix. Never logged.</summary>
    public required string Token { get; init; }

    /// <summary>REST base address including the version, e.g. https://discord.com/api/v10/.</summary>
    public Uri RestBaseAddress { get; init; } = new("https://discord.com/api/v10/");

    /// <summary>Gateway intents: GUILDS | GUILD_VOICE_STATES | GUILD_MESSAGES | MESSAGE_CONTENT by default.</summary>
    public int Intents { get; init; } = 1 | 128 | 512 | 32768;

    /// <summary>Voice gateway scheme: "wss" for Discord, "ws" for the loopback emulator.</summary>
    public string VoiceScheme { get; init; } = "wss";

    /// <summary>Highest DAVE protocol version announced in the voice Identify.</summary>
    public int MaxDaveProtocolVersion { get; init; } = 1;

    public override string ToString() =>
        $"DiscordOptions {{ RestBaseAddress = {RestBaseAddress}, Intents = {Intents} }}";
}
