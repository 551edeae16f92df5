using Microsoft.Extensions.Logging;
using Pandora.Discord.Dave;

namespace Pandora.Discord;

/// <summary>DAVE log messages: event ids 4xxx. No message takes key material.</summary>
internal static partial class Log
{
    [LoggerMessage(
        4001,
        LogLevel.Information,
        "DAVE end-to-end encryption active: protocol version {Version} in channel {ChannelId}, key package sent")]
    public static partial void DaveInitialized(ILogger logger, int version, ulong channelId);

    [LoggerMessage(
        4002,
        LogLevel.Information,
        "DAVE epoch {Epoch} (transition {TransitionId}), {Members} members, privacy code {PrivacyCode}")]
    public static partial void DaveEpoch(
        ILogger logger,
        ulong epoch,
        int transitionId,
        int members,
        string privacyCode);

    [LoggerMessage(
        4003,
        LogLevel.Information,
        "DAVE transition {TransitionId} executed: protocol version {Version}, epoch {Epoch}, "
        + "privacy code {PrivacyCode}")]
    public static partial void DaveTransition(
        ILogger logger,
        int transitionId,
        int version,
        ulong? epoch,
        string privacyCode);

    [LoggerMessage(4004, LogLevel.Warning, "DAVE rejected op {Opcode} ({Kind}, {MlsKind}): {Reason}; {Count} so far")]
    public static partial void DaveRejected(
        ILogger logger,
        int opcode,
        DaveRejectionKind kind,
        string mlsKind,
        string reason,
        long count);

    [LoggerMessage(
        4005,
        LogLevel.Warning,
        "DAVE recovery: op 31 for transition {TransitionId} and a new key package, after: {Reason}")]
    public static partial void DaveRecovery(ILogger logger, int transitionId, string reason);

    [LoggerMessage(4006, LogLevel.Debug, "DAVE committed {Proposals} proposals at epoch {Epoch} (welcome {Welcome})")]
    public static partial void DaveCommitted(ILogger logger, ulong epoch, int proposals, bool welcome);

    [LoggerMessage(4007, LogLevel.Warning, "DAVE could not send on the voice gateway (no socket while resuming)")]
    public static partial void DaveSendFailed(ILogger logger);

    [LoggerMessage(
        4008,
        LogLevel.Information,
        "DAVE not negotiated in channel {ChannelId} (protocol version 0): frames pass through with transport "
        + "encryption only")]
    public static partial void DavePassthrough(ILogger logger, ulong channelId);
}
