namespace Pandora.Discord.Rest.Internal;

/// <summary>
/// One REST request target. <see cref="Template"/> is what errors and logs show (tokens never appear in it);
/// <see cref="BucketKey"/> is method + template with the major parameters (channel, guild, webhook) filled in,
/// because Discord keys its per-route buckets on those.
/// </summary>
internal sealed record RestRoute(HttpMethod Method, string Path, string Template, string BucketKey)
{
    /// <summary>Interaction endpoints are not bound to the global rate limit (Discord "Rate Limits"); waiting on it
    /// could miss the 3 s answer deadline.</summary>
    public bool IgnoresGlobalLimit => Template.Contains("{interaction_token}", StringComparison.Ordinal);

    public override string ToString() => Template;

    public static RestRoute GatewayBot() =>
        Make(HttpMethod.Get, "gateway/bot", "/gateway/bot", "/gateway/bot");

    public static RestRoute Commands(ulong applicationId, ulong? guildId) => guildId is { } guild
        ? Make(
            HttpMethod.Put,
            $"applications/{applicationId}/guilds/{guild}/commands",
            "/applications/{application_id}/guilds/{guild_id}/commands",
            $"/applications/{{application_id}}/guilds/{guild}/commands")
        : Make(
            HttpMethod.Put,
            $"applications/{applicationId}/commands",
            "/applications/{application_id}/commands",
            "/applications/{application_id}/commands");

    public static RestRoute InteractionCallback(ulong interactionId, string token) =>
        Make(
            HttpMethod.Post,
            $"interactions/{interactionId}/{Uri.EscapeDataString(token)}/callback",
            "/interactions/{interaction_id}/{interaction_token}/callback",
            "/interactions/{interaction_id}/{interaction_token}/callback");

    // The webhook token is a major parameter too, but one interaction token per bucket would grow the bucket table
    // without bound; keying on the application (webhook) id alone is stricter, never looser.
    public static RestRoute EditOriginal(ulong applicationId, string token) =>
        Make(
            HttpMethod.Patch,
            $"webhooks/{applicationId}/{Uri.EscapeDataString(token)}/messages/@original",
            "/webhooks/{application_id}/{interaction_token}/messages/@original",
            $"/webhooks/{applicationId}/{{interaction_token}}/messages/@original");

    public static RestRoute CreateMessage(ulong channelId) =>
        Make(
            HttpMethod.Post,
            $"channels/{channelId}/messages",
            "/channels/{channel_id}/messages",
            $"/channels/{channelId}/messages");

    private static RestRoute Make(HttpMethod method, string path, string template, string bucket) =>
        new(method, path, $"{method.Method} {template}", $"{method.Method} {bucket}");
}
