using Microsoft.Extensions.Logging;
using Pandora.Cooking.Cook;

namespace Pandora.Cooking;

/// <summary>Every log message of Pandora.Cooking, with fixed event ids 4001-4099.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information,
        Message = "Cooking {RecordingId} as {Format} {Container}: {Tracks} tracks, {Samples} samples")]
    public static partial void CookStarting(ILogger logger, string recordingId, CookFormat format,
        CookContainer container, int tracks, long samples);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Cooked {RecordingId}: {Samples} samples")]
    public static partial void CookFinished(ILogger logger, string recordingId, long samples);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning,
        Message = "Recording {RecordingId} has {CorruptPages} corrupt pages ({SkippedBytes} bytes skipped)")]
    public static partial void CorruptPages(ILogger logger, string recordingId, long corruptPages, long skippedBytes);
}
