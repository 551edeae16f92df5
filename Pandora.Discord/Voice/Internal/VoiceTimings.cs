namespace Pandora.Discord.Voice.Internal;

/// <summary>Waits and limits of a voice connection; tests shorten them.</summary>
internal sealed record VoiceTimings
{
    public static VoiceTimings Default { get; } = new();

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan DiscoveryTimeout { get; init; } = TimeSpan.FromSeconds(1);

    public int DiscoveryAttempts { get; init; } = 5;

    /// <summary>UDP keep-alive period (discord.js: 5 s).</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often held packets of unknown SSRCs are checked for expiry.</summary>
    public TimeSpan HoldSweepInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Heartbeats without ACK before the link counts as dead (discord.js: 3).</summary>
    public int MissedHeartbeatLimit { get; init; } = 3;

    /// <summary>Consecutive reconnects that never got a Hello before giving up.</summary>
    public int MaxFailedReconnects { get; init; } = 5;

    public TimeSpan ReconnectBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(1);

    public int MaxMessageBytes { get; init; } = 1024 * 1024;
}
