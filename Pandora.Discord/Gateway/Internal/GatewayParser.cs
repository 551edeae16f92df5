using System.Text.Json;

namespace Pandora.Discord.Gateway.Internal;

/// <summary>Turns dispatch payloads (<c>d</c> of op 0) into contract records. Throws
/// <see cref="PayloadFieldException"/> when a needed field is missing.</summary>
internal static class GatewayParser
{
    /// <summary>Returns null for dispatches the recorder does not use.</summary>
    public static GatewayEvent? Parse(string type, JsonElement d) => type switch
    {
        "READY" => Ready(d),
        "RESUMED" => new ResumedEvent(),
        "GUILD_CREATE" => GuildCreate(d),
        "VOICE_STATE_UPDATE" => new VoiceStateUpdateEvent(VoiceState(d, null, null)),
        "VOICE_SERVER_UPDATE" => new VoiceServerUpdateEvent(
            Json.Snowflake(d, "guild_id"),
            Json.String(d, "token"),
            Json.OptionalString(d, "endpoint")),
        "MESSAGE_CREATE" => new MessageCreateEvent(
            Json.Snowflake(d, "id"),
            Json.Snowflake(d, "channel_id"),
            Json.OptionalSnowflake(d, "guild_id"),
            User(Json.Object(d, "author")),
            Json.OptionalString(d, "content") ?? string.Empty),
        "INTERACTION_CREATE" => Interaction(d),
        _ => null,
    };

    /// <summary>
    /// READY <c>d</c>: <c>user</c>, <c>application.id</c>, <c>session_id</c>, <c>resume_gateway_url</c>.
    /// A missing resume URL is tolerated (resume then goes to the ordinary gateway URL).
    /// </summary>
    public static (ReadyEvent Ready, string? ResumeUrl) ReadyWithResumeUrl(JsonElement d) =>
        (Ready(d), Json.OptionalString(d, "resume_gateway_url"));

    public static DiscordUser User(JsonElement u) =>
        new(
            Json.Snowflake(u, "id"),
            Json.String(u, "username"),
            Json.OptionalString(u, "global_name"),
            Json.OptionalString(u, "discriminator") ?? "0",
            Json.Bool(u, "bot"));

    private static ReadyEvent Ready(JsonElement d) =>
        new(User(Json.Object(d, "user")), Json.Snowflake(Json.Object(d, "application"), "id"),
            Json.String(d, "session_id"));

    /// <summary>GUILD_CREATE: <c>voice_states</c> carry no <c>guild_id</c> and no member; the users come from
    /// <c>members[].user</c>. An unavailable guild (outage) has no name and is ignored.</summary>
    private static GuildCreateEvent? GuildCreate(JsonElement d)
    {
        if (Json.Bool(d, "unavailable"))
        {
            return null;
        }

        var guildId = Json.Snowflake(d, "id");
        var users = new Dictionary<ulong, DiscordUser>();
        foreach (var member in Json.Array(d, "members"))
        {
            if (Json.TryObject(member, "user", out var u))
            {
                var user = User(u);
                users[user.Id] = user;
            }
        }

        var channels = Json.Array(d, "channels")
            .Select(c => new DiscordChannel(Json.Snowflake(c, "id"), Json.OptionalString(c, "name") ?? "",
                Json.Int(c, "type")))
            .ToList();
        var states = Json.Array(d, "voice_states").Select(v => VoiceState(v, guildId, users)).ToList();
        return new GuildCreateEvent(guildId, Json.String(d, "name"), channels, states);
    }

    private static VoiceState VoiceState(JsonElement d, ulong? guildId, Dictionary<ulong, DiscordUser>? users)
    {
        var userId = Json.Snowflake(d, "user_id");
        DiscordUser? user = null;
        if (Json.TryObject(d, "member", out var member) && Json.TryObject(member, "user", out var u))
        {
            user = User(u);
        }
        else
        {
            users?.TryGetValue(userId, out user);
        }

        return new VoiceState(
            guildId ?? Json.Snowflake(d, "guild_id"),
            Json.OptionalSnowflake(d, "channel_id"),
            userId,
            Json.String(d, "session_id"),
            Json.Bool(d, "self_mute"),
            Json.Bool(d, "self_deaf"),
            user);
    }

    /// <summary>
    /// Only type 2 (APPLICATION_COMMAND); the user is <c>member.user</c> in guilds, <c>user</c> in DMs.
    /// </summary>
    private static InteractionCreateEvent? Interaction(JsonElement d)
    {
        if (Json.Int(d, "type") != 2)
        {
            return null;
        }

        var user = Json.TryObject(d, "member", out var member)
            ? User(Json.Object(member, "user"))
            : User(Json.Object(d, "user"));
        var data = Json.Object(d, "data");
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        Flatten(data, options);
        return new InteractionCreateEvent(
            Json.Snowflake(d, "id"),
            Json.String(d, "token"),
            Json.Snowflake(d, "application_id"),
            Json.OptionalSnowflake(d, "guild_id"),
            Json.OptionalSnowflake(d, "channel_id"),
            user,
            Json.String(data, "name"),
            options);
    }

    /// <summary>Options become name → value: strings as their text, other values as their JSON text. A sub-command
    /// or group appears as its name with an empty value, followed by its own options.</summary>
    private static void Flatten(JsonElement parent, Dictionary<string, string> into)
    {
        foreach (var option in Json.Array(parent, "options"))
        {
            var name = Json.String(option, "name");
            if (option.TryGetProperty("value", out var value))
            {
                into[name] = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
            }
            else
            {
                into[name] = string.Empty;
                Flatten(option, into);
            }
        }
    }
}
