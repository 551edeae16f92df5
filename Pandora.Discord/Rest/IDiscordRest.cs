namespace Pandora.Discord.Rest;

/// <summary>A slash command definition for bulk overwrite (type 1, CHAT_INPUT, no options).</summary>
public sealed record SlashCommand(string Name, string Description);

/// <summary>
/// The REST v10 calls the recorder makes. Implementations honour 429 answers (<c>retry_after</c>, global and
/// per-route buckets) and never log the token.
/// </summary>
public interface IDiscordRest
{
    /// <summary>GET /gateway/bot: the WSS address to connect the gateway to.</summary>
    Task<Uri> GetGatewayUrlAsync(CancellationToken cancellationToken = default);

    /// <summary>PUT /applications/{app}/commands, or /applications/{app}/guilds/{guild}/commands when
    /// <paramref name="guildId"/> is set.</summary>
    Task OverwriteCommandsAsync(
        ulong applicationId,
        ulong? guildId,
        IReadOnlyList<SlashCommand> commands,
        CancellationToken cancellationToken = default);

    /// <summary>POST /interactions/{id}/{token}/callback with type 5 (deferred channel message).</summary>
    Task DeferInteractionAsync(
        ulong interactionId,
        string interactionToken,
        CancellationToken cancellationToken = default);

    /// <summary>PATCH /webhooks/{app}/{token}/messages/@original: edits the deferred reply.</summary>
    Task EditOriginalResponseAsync(
        ulong applicationId,
        string interactionToken,
        string content,
        CancellationToken cancellationToken = default);

    /// <summary>POST /channels/{channel}/messages.</summary>
    Task CreateMessageAsync(ulong channelId, string content, CancellationToken cancellationToken = default);
}
