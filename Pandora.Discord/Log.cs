using Microsoft.Extensions.Logging;

namespace Pandora.Discord;

/// <summary>All log messages of Pandora.Discord with fixed event ids: 1xxx REST, 2xxx gateway, 3xxx voice.
/// No message takes a token, a session id or a key.</summary>
internal static partial class Log
{
    [LoggerMessage(
        1001,
        LogLevel.Warning,
        "REST {Route} rate limited for {DelayMs} ms (global {Global}), attempt {Attempt}")]
    public static partial void RestRateLimited(ILogger logger, string route, double delayMs, bool global, int attempt);

    [LoggerMessage(1002, LogLevel.Warning, "REST {Route} failed with status {Status}")]
    public static partial void RestFailed(ILogger logger, string route, int status);

    [LoggerMessage(2001, LogLevel.Information, "Gateway connecting to {Host} (resume {Resume})")]
    public static partial void GatewayConnecting(ILogger logger, string host, bool resume);

    [LoggerMessage(2002, LogLevel.Information, "Gateway ready as {UserId}, application {ApplicationId}")]
    public static partial void GatewayReady(ILogger logger, ulong userId, ulong applicationId);

    [LoggerMessage(2003, LogLevel.Information, "Gateway resumed")]
    public static partial void GatewayResumed(ILogger logger);

    [LoggerMessage(
        2004,
        LogLevel.Warning,
        "Gateway connection ended (close code {CloseCode}): {Reason}; next: {Action}")]
    public static partial void GatewayDisconnected(ILogger logger, int? closeCode, string reason, string action);

    [LoggerMessage(2005, LogLevel.Warning, "Gateway missed a heartbeat ACK: zombie connection, reconnecting")]
    public static partial void GatewayZombie(ILogger logger);

    [LoggerMessage(2006, LogLevel.Error, "Gateway stopped for good (close code {CloseCode}): {Reason}")]
    public static partial void GatewayStopped(ILogger logger, int? closeCode, string reason);

    [LoggerMessage(2007, LogLevel.Warning, "Gateway dropped a bad message ({Kind}), {Count} so far")]
    public static partial void GatewayBadMessage(ILogger logger, string kind, long count);

    [LoggerMessage(2008, LogLevel.Warning, "Gateway session invalidated (resumable {Resumable})")]
    public static partial void GatewayInvalidSession(ILogger logger, bool resumable);

    [LoggerMessage(2009, LogLevel.Warning, "Gateway connect failed ({Step}); retrying with backoff")]
    public static partial void GatewayConnectFailed(ILogger logger, Exception exception, string step);

    [LoggerMessage(2010, LogLevel.Error, "Gateway client failed unexpectedly")]
    public static partial void GatewayCrashed(ILogger logger, Exception exception);

    [LoggerMessage(3010, LogLevel.Error, "Voice connection failed unexpectedly")]
    public static partial void VoiceCrashed(ILogger logger, Exception exception);

    [LoggerMessage(3011, LogLevel.Error, "Voice packet processing failed; packet dropped")]
    public static partial void VoicePacketFailed(ILogger logger, Exception exception);

    [LoggerMessage(
        3012,
        LogLevel.Warning,
        "Voice session uses DAVE version {DaveVersion} but no DAVE engine is attached: frames stay encrypted")]
    public static partial void VoiceDaveMissing(ILogger logger, int daveVersion);

    [LoggerMessage(3001, LogLevel.Information, "Voice connecting to {Endpoint} (resume {Resume})")]
    public static partial void VoiceConnecting(ILogger logger, string endpoint, bool resume);

    [LoggerMessage(3002, LogLevel.Information, "Voice session ready: mode {Mode}, DAVE version {DaveVersion}")]
    public static partial void VoiceSessionReady(ILogger logger, string mode, int daveVersion);

    [LoggerMessage(3003, LogLevel.Warning, "Voice socket dropped (close code {CloseCode}): {Reason}; resuming")]
    public static partial void VoiceDropped(ILogger logger, int? closeCode, string reason);

    [LoggerMessage(
        3004,
        LogLevel.Warning,
        "Voice connection closed (close code {CloseCode}): {Reason}, rejoin {Rejoin}")]
    public static partial void VoiceClosed(ILogger logger, int? closeCode, string reason, bool rejoin);

    [LoggerMessage(3005, LogLevel.Warning, "Voice heartbeats unanswered {Count} times: dead link, resuming")]
    public static partial void VoiceHeartbeatDead(ILogger logger, int count);

    [LoggerMessage(3006, LogLevel.Warning, "Voice IP discovery attempt {Attempt} timed out")]
    public static partial void VoiceDiscoveryTimeout(ILogger logger, int attempt);

    [LoggerMessage(3007, LogLevel.Warning, "Voice gateway dropped a bad message ({Kind}), {Count} so far")]
    public static partial void VoiceBadMessage(ILogger logger, string kind, long count);

    [LoggerMessage(3008, LogLevel.Information, "Voice resumed")]
    public static partial void VoiceResumed(ILogger logger);

    [LoggerMessage(3009, LogLevel.Error, "Voice UDP receive loop failed")]
    public static partial void VoiceUdpFailed(ILogger logger, Exception exception);
}
