namespace Pandora.Discord.Gateway;

/// <summary>A Discord user as the recorder needs it (names are for track labels and the users file).</summary>
public sealed record DiscordUser(ulong Id, string Username, string? GlobalName, string Discriminator, bool Bot)
{
    /// <summary>The name people see: the global display name when set, else the username.</summary>
    public string DisplayName => string.IsNullOrEmpty(GlobalName) ? Username : GlobalName;
}

/// <summary>A guild channel (only what the recorder uses). <c>Type</c> 2 = voice, 13 = stage, 0 = text.</summary>
public sealed record DiscordChannel(ulong Id, string Name, int Type);

/// <summary>The voice state object of VOICE_STATE_UPDATE and GUILD_CREATE's <c>voice_states</c>.</summary>
public sealed record VoiceState(
    ulong GuildId,
    ulong? ChannelId,
    ulong UserId,
    string SessionId,
    bool SelfMute,
    bool SelfDeaf,
    DiscordUser? User)
{
    /// <summary>Keeps the session id out of logs.</summary>
    public override string ToString() =>
        $"VoiceState {{ GuildId = {GuildId}, ChannelId = {ChannelId}, UserId = {UserId}, SelfMute = {SelfMute}, " +
        $"SelfDeaf = {SelfDeaf}, User = {User} }}";
}

/// <summary>What the gateway client hands to its consumer. Dispatches and connection lifecycle alike.</summary>
public abstract record GatewayEvent;

/// <summary>READY: the bot's own user id and application id.</summary>
public sealed record ReadyEvent(DiscordUser User, ulong ApplicationId, string SessionId) : GatewayEvent
{
    /// <summary>Keeps the session id out of logs.</summary>
    public override string ToString() => $"ReadyEvent {{ User = {User}, ApplicationId = {ApplicationId} }}";
}

/// <summary>RESUMED after a successful op 6 Resume.</summary>
public sealed record ResumedEvent : GatewayEvent;

/// <summary>GUILD_CREATE with the voice states of people already in voice.</summary>
public sealed record GuildCreateEvent(
    ulong GuildId,
    string Name,
    IReadOnlyList<DiscordChannel> Channels,
    IReadOnlyList<VoiceState> VoiceStates) : GatewayEvent;

/// <summary>VOICE_STATE_UPDATE for anyone, including the bot itself.</summary>
public sealed record VoiceStateUpdateEvent(VoiceState State) : GatewayEvent;

/// <summary>VOICE_SERVER_UPDATE. <paramref name="Endpoint"/> is host[:port] without scheme, or null when the
/// voice server went away.</summary>
public sealed record VoiceServerUpdateEvent(ulong GuildId, string Token, string? Endpoint) : GatewayEvent
{
    /// <summary>Keeps the voice token out of logs.</summary>
    public override string ToString() =>
        $"VoiceServerUpdateEvent {{ GuildId = {GuildId}, Endpoint = {Endpoint ?? "null"} }}";
}

/// <summary>MESSAGE_CREATE (text commands).</summary>
public sealed record MessageCreateEvent(
    ulong MessageId,
    ulong ChannelId,
    ulong? GuildId,
    DiscordUser Author,
    string Content) : GatewayEvent;

/// <summary>INTERACTION_CREATE of type APPLICATION_COMMAND (slash commands). Options are flattened to
/// name → raw JSON value as text.</summary>
public sealed record InteractionCreateEvent(
    ulong InteractionId,
    string InteractionToken,
    ulong ApplicationId,
    ulong? GuildId,
    ulong? ChannelId,
    DiscordUser User,
    string CommandName,
    IReadOnlyDictionary<string, string> Options) : GatewayEvent
{
    /// <summary>Keeps the interaction token out of logs.</summary>
    public override string ToString() =>
        $"InteractionCreateEvent {{ InteractionId = {InteractionId}, ApplicationId = {ApplicationId}, " +
        $"GuildId = {GuildId}, ChannelId = {ChannelId}, User = {User}, CommandName = {CommandName} }}";
}

/// <summary>The gateway gave up for good (bad token, disallowed intents, or disposed).</summary>
public sealed record GatewayStoppedEvent(int? CloseCode, string Reason) : GatewayEvent;
