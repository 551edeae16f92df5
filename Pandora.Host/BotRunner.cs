using Microsoft.Extensions.Logging;
using Pandora.Actors;

namespace Pandora.Host;

/// <summary>The bot against real Discord: connects with PANDORA_TOKEN and records until stopped.</summary>
public static class BotRunner
{
    public static async Task<int> RunAsync(
        HostSettings settings,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        var log = loggerFactory.CreateLogger("Pandora.Host.Bot");
        if (settings.Token is null)
        {
            log.LogError("PANDORA_TOKEN is not set: the bot needs a token (or run 'pandora demo')");
            return 2;
        }

        await using var node = await PandoraNode.StartAsync(settings, settings.ToDiscordOptions(settings.Token),
            loggerFactory, cancellationToken).ConfigureAwait(false);
        log.LogInformation("Connected as {User}; waiting for record commands (prefix {Prefix})",
            node.Gateway.CurrentUser?.Username, settings.CommandPrefix);
        try
        {
            while (true)
            {
                var outcome = await node.NextOutcomeAsync(cancellationToken).ConfigureAwait(false);
                if (outcome is RecordingFinished finished)
                {
                    log.LogInformation("Recording {Id} sealed in {Folder}: {Tracks} tracks, {Duration}",
                        finished.Id, finished.Folder, finished.Tracks.Count, finished.Duration);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            log.LogInformation("Stopping: recordings in progress are sealed first");
            return 0;
        }
    }
}
