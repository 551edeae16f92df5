using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Pandora.Actors;
using Pandora.Cooking.Cook;
using Pandora.Discord.Gateway;
using Pandora.Emulator;
using Pandora.Emulator.Scenarios;

namespace Pandora.Host;

/// <summary>
/// The main job without a token: starts the loopback Discord emulator in this process, records its scripted
/// session through the real clients and actors, cooks the result and prints what was made.
/// </summary>
public sealed class DemoRunner
{
    private readonly HostSettings _settings;
    private readonly ILoggerFactory _loggerFactory;
    private readonly string _outputFolder;

    public DemoRunner(HostSettings settings, ILoggerFactory loggerFactory, string outputFolder)
    {
        _settings = settings;
        _loggerFactory = loggerFactory;
        _outputFolder = Path.GetFullPath(outputFolder);
    }

    /// <summary>What one demo run made.</summary>
    public sealed record DemoResult(
        RecordingFinished Recording,
        ScenarioResult Scenario,
        string MixPath,
        string ZipPath,
        CookResult Mix,
        TimeSpan Elapsed,
        GatewayStats Gateway,
        int EmulatorGatewayConnections,
        int EmulatorVoiceConnections);

    public async Task<DemoResult> RunAsync(Scenario scenario, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var emulatorOptions = new EmulatorOptions { Scenario = scenario, LoggerFactory = _loggerFactory };
        await using var emulator = await DiscordEmulator.StartAsync(emulatorOptions, cancellationToken)
            .ConfigureAwait(false);
        var settings = _settings with { RestBaseAddress = emulator.RestBaseAddress };
        var discord = settings.ToDiscordOptions(emulator.BotToken, DiscordEmulator.VoiceScheme);
        await using var node = await PandoraNode.StartAsync(settings, discord, _loggerFactory, cancellationToken)
            .ConfigureAwait(false);

        var finished = node.WaitForFinishedAsync(cancellationToken);
        var sent = await emulator.RunScenarioAsync(scenario, cancellationToken).ConfigureAwait(false);
        var recording = await finished.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);

        Directory.CreateDirectory(_outputFolder);
        var cooker = new Cooker(_loggerFactory.CreateLogger<Cooker>());
        var mixPath = Path.Combine(_outputFolder, $"{recording.Id}.ogg");
        var mix = await cooker.CookToFileAsync(recording.Folder, recording.Id, CookOptions.Default, mixPath,
            cancellationToken: cancellationToken).ConfigureAwait(false);
        var zipFormat = AudioEncoders.Default.Supports(CookFormat.Flac) ? CookFormat.Flac : CookFormat.Wav;
        var zipPath = Path.Combine(_outputFolder,
            $"{recording.Id}-{(zipFormat == CookFormat.Flac ? "flac" : "wav")}.zip");
        await cooker.CookToFileAsync(recording.Folder, recording.Id, new CookOptions(zipFormat, CookContainer.Zip),
            zipPath, cancellationToken: cancellationToken).ConfigureAwait(false);
        return new DemoResult(recording, sent, mixPath, zipPath, mix, clock.Elapsed, node.Gateway.Stats,
            emulator.GatewayConnectionCount, emulator.VoiceConnectionCount);
    }

    /// <summary>Prints the result for a person reading the terminal.</summary>
    public static void Print(DemoResult result, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"Recording {result.Recording.Id} (access key {result.Recording.AccessKey})");
        output.WriteLine($"  raw files:  {result.Recording.Folder}");
        output.WriteLine($"  mix:        {result.MixPath}");
        output.WriteLine($"  per track:  {result.ZipPath}");
        output.WriteLine($"  length:     {result.Mix.Duration.TotalSeconds:F2} s");
        foreach (var track in result.Mix.Tracks)
        {
            output.WriteLine($"  track {track.Track}: {track.Name,-12} {track.Duration.TotalSeconds:F2} s, " +
                $"{track.Packets} packets");
        }

        output.WriteLine($"  utterances sent by the emulator: {result.Scenario.Utterances.Count}");
        PrintDave(result, output);
        output.WriteLine($"Demo took {result.Elapsed.TotalSeconds:F1} s.");
    }

    /// <summary>The end-to-end encryption the session ran with, as the emulated voice server saw it, and the share
    /// of the frames sent that reached the tracks.</summary>
    private static void PrintDave(DemoResult result, TextWriter output)
    {
        var dave = result.Scenario.Dave;
        if (result.Scenario.DaveProtocolVersion < 1)
        {
            output.WriteLine("  DAVE:       off (transport encryption only)");
        }
        else
        {
            output.WriteLine($"  DAVE:       protocol version {result.Scenario.DaveProtocolVersion}, final epoch " +
                $"{dave.Epoch}; {dave.Commits} commits " +
                $"({dave.BotCommits} by the bot), {dave.Welcomes} welcomes, {dave.Transitions} transitions, " +
                $"{dave.InvalidCommitWelcomes} op 31, {dave.SoleMemberResets} sole-member resets");
        }

        var sent = result.Scenario.FramesSent.Values.Sum();
        var recorded = result.Mix.Tracks.Sum(t => (long)t.Packets);
        var withoutKey = result.Scenario.FramesWithoutKey.Values.Sum();
        if (sent > 0)
        {
            output.WriteLine($"  frames:     {recorded} recorded of {sent} sent ({100.0 * recorded / sent:F2} %)" +
                (withoutKey > 0 ? $"; {withoutKey} held back by members without a DAVE key yet" : ""));
        }
    }
}
