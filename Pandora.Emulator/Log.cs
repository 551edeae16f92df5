using Microsoft.Extensions.Logging;

namespace Pandora.Emulator;

/// <summary>All log messages of the emulator, with fixed event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 9000, Level = LogLevel.Information,
        Message = "Emulator listening: REST {RestBase}, voice {VoiceEndpoint}, UDP {UdpPort}")]
    public static partial void Started(ILogger logger, Uri restBase, string voiceEndpoint, int udpPort);

    [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "Gateway session {SessionId} identified")]
    public static partial void GatewayIdentified(ILogger logger, string sessionId);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information,
        Message = "Gateway session {SessionId} resumed after seq {Seq}, replaying {Count} events")]
    public static partial void GatewayResumed(ILogger logger, string sessionId, int seq, int count);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Warning, Message = "Closing {Socket} socket with {Code}: {Reason}")]
    public static partial void Closing(ILogger logger, string socket, int code, string reason);

    [LoggerMessage(EventId = 9004, Level = LogLevel.Information, Message = "Bot voice state: channel {ChannelId}")]
    public static partial void BotVoiceState(ILogger logger, string? channelId);

    [LoggerMessage(EventId = 9005, Level = LogLevel.Information, Message = "Voice session identified, SSRC {Ssrc}")]
    public static partial void VoiceIdentified(ILogger logger, uint ssrc);

    [LoggerMessage(EventId = 9006, Level = LogLevel.Information,
        Message = "Voice session described: mode {Mode}, media to {Target}")]
    public static partial void VoiceDescribed(ILogger logger, string mode, string target);

    [LoggerMessage(EventId = 9007, Level = LogLevel.Information,
        Message = "Voice session resumed after seq {SeqAck}, replaying {Count} messages")]
    public static partial void VoiceResumed(ILogger logger, int seqAck, int count);

    [LoggerMessage(EventId = 9008, Level = LogLevel.Debug, Message = "REST {Method} {Path} -> {Status}")]
    public static partial void Rest(ILogger logger, string method, string path, int status);

    [LoggerMessage(EventId = 9009, Level = LogLevel.Information, Message = "Scenario: {Step}")]
    public static partial void Scenario(ILogger logger, string step);

    [LoggerMessage(EventId = 9010, Level = LogLevel.Warning, Message = "Scenario hook {Hook} failed")]
    public static partial void HookFailed(ILogger logger, Exception error, string hook);

    [LoggerMessage(EventId = 9020, Level = LogLevel.Error, Message = "DAVE gateway failed on an event")]
    public static partial void DaveError(ILogger logger, Exception error);

    [LoggerMessage(EventId = 9021, Level = LogLevel.Warning, Message = "DAVE: {Participant} {What} rejected: {Reason}")]
    public static partial void DaveRejected(ILogger logger, string participant, string what, string reason);

    [LoggerMessage(EventId = 9022, Level = LogLevel.Information,
        Message = "DAVE epoch {Epoch}: {Removes} removes, {Adds} adds proposed to {Committers}")]
    public static partial void DaveProposals(ILogger logger, ulong epoch, int removes, int adds, string committers);

    [LoggerMessage(EventId = 9023, Level = LogLevel.Information,
        Message = "DAVE commit by {Committer} wins: epoch {Epoch}, transition {TransitionId}")]
    public static partial void DaveCommitWon(ILogger logger, string committer, ulong epoch, int transitionId);

    [LoggerMessage(EventId = 9025, Level = LogLevel.Information,
        Message = "DAVE: {Participant} is alone, its group is reset (op 24 epoch 1, op 21 transition 0)")]
    public static partial void DaveSoleMemberReset(ILogger logger, string participant);

    [LoggerMessage(EventId = 9024, Level = LogLevel.Warning, Message = "DAVE: no {What} in time ({Id})")]
    public static partial void DaveTimeout(ILogger logger, string what, ulong id);
}
