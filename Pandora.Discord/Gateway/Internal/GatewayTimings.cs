namespace Pandora.Discord.Gateway.Internal;

/// <summary>Waits the gateway client uses; tests shorten them.</summary>
internal sealed record GatewayTimings
{
    public static GatewayTimings Default { get; } = new();

    /// <summary>Fraction (0..1) of the heartbeat interval before the first heartbeat.</summary>
    public Func<double> FirstHeartbeatJitter { get; init; } = Random.Shared.NextDouble;

    /// <summary>Wait after op 9 with d=false before identifying again (Discord: 1-5 s random).</summary>
    public Func<TimeSpan> InvalidSessionDelay { get; init; } =
        () => TimeSpan.FromMilliseconds(1000 + Random.Shared.Next(4000));

    /// <summary>First reconnect backoff step; doubles per failed attempt up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan BackoffBase { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Upper bound for one gateway message; GUILD_CREATE of a very large guild stays well below.</summary>
    public int MaxMessageBytes { get; init; } = 64 * 1024 * 1024;

    public TimeSpan Backoff(int failures)
    {
        var exponent = Math.Min(failures - 1, 16);
        var delay = BackoffBase * Math.Pow(2, exponent);
        return delay > MaxBackoff ? MaxBackoff : delay;
    }
}
