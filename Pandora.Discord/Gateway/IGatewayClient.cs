using System.Threading.Channels;

namespace Pandora.Discord.Gateway;

/// <summary>
/// The main gateway (v10) connection of one bot token. Implementations keep the session alive on their own:
/// heartbeats, zombie detection, Resume or re-Identify after a drop, op 7 and op 9. Consumers only read
/// <see cref="Events"/> and send voice state updates.
/// </summary>
public interface IGatewayClient : IAsyncDisposable
{
    /// <summary>Dispatches and lifecycle events, in the order received. Single reader.</summary>
    ChannelReader<GatewayEvent> Events { get; }

    /// <summary>The bot's user, known after READY.</summary>
    DiscordUser? CurrentUser { get; }

    /// <summary>The application id, known after READY.</summary>
    ulong? ApplicationId { get; }

    /// <summary>Connects (GET /gateway/bot, Hello, Identify) and returns once READY arrived.</summary>
    Task StartAsync(CancellationToken cancellationToken = default);

    /// <summary>Op 4: joins <paramref name="channelId"/>, or leaves the guild's voice when null.</summary>
    ValueTask UpdateVoiceStateAsync(
        ulong guildId,
        ulong? channelId,
        bool selfMute,
        bool selfDeaf,
        CancellationToken cancellationToken = default);
}
