using Microsoft.Extensions.Logging;

namespace Pandora.Host;

/// <summary>Log messages of the host's cooking server and cook command, with fixed event ids 6001-6099.</summary>
internal static partial class HostLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Cooking server listening on {Address}")]
    public static partial void ServerListening(ILogger logger, string address);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Encoder missing: {Problem}")]
    public static partial void EncoderMissing(ILogger logger, string problem);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information,
        Message = "Download of {RecordingId} as {Format} {Container} stopped: the client went away")]
    public static partial void DownloadCancelled(ILogger logger, string recordingId, string format, string container);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Error,
        Message = "Cooking {RecordingId} failed after the response started")]
    public static partial void CookFailed(ILogger logger, Exception error, string recordingId);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Information,
        Message = "Served {RecordingId} as {Format} {Container}: {Seconds} s of audio")]
    public static partial void Served(ILogger logger, string recordingId, string format, string container,
        double seconds);
}
