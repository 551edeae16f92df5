using Microsoft.Extensions.Logging.Abstractions;
using Pandora.Cooking.Cook;
using Pandora.Emulator.Scenarios;
using Pandora.Host;

namespace Pandora.Tests.EndToEnd;

/// <summary>
/// The whole stack, wire to cooked file: the emulator's scripted members speak through REST, gateway, voice
/// gateway and encrypted UDP; our clients, actors and writer record; the cooker decodes. Each speaker's track
/// must hold exactly that speaker's speech at the time it was sent.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class RecordingEndToEndTests(ITestOutputHelper output) : IDisposable
{
    private const int SampleRate = 48_000;

    // A speaker's first packet is written at its arrival; the audio of a 20 ms frame began 20 ms earlier.
    private const int FrameSamples = 960;

    private readonly TestFolder _folder = new();

    [Fact]
    public async Task Demo_defaultScenario_eachTrackHoldsItsSpeakerAtTheTimeSent()
    {
        var demo = new DemoRunner(TestHost.Settings(_folder.Path), NullLoggerFactory.Instance,
            Path.Combine(_folder.Path, "out"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));

        var result = await demo.RunAsync(Scenario.Default, timeout.Token);

        var recording = result.Recording;
        var tracks = await new Cooker().DecodeTracksAsync(recording.Folder, recording.Id, timeout.Token);
        var byUser = recording.Tracks.ToDictionary(t => t.UserId, t => tracks.Single(d => d.Track == t.Track));
        var speakers = result.Scenario.Utterances.Select(u => u.UserId).Distinct().ToList();
        speakers.Count.ShouldBeGreaterThanOrEqualTo(3);
        byUser.Keys.ShouldBe(speakers, ignoreOrder: true);

        var worst = 0.0;
        foreach (var utterance in result.Scenario.Utterances)
        {
            var clip = utterance.DecodeReferencePcm();
            var expected = (int)Math.Round(
                (utterance.FirstPacketSentAt - recording.StartTime).TotalSeconds * SampleRate) - FrameSamples;
            var own = byUser[utterance.UserId].Samples;
            var match = Alignment.Find(own, clip, expected, radius: SampleRate / 4);
            var errorMs = Math.Abs(match.Start - expected) * 1000.0 / SampleRate;
            worst = Math.Max(worst, errorMs);
            output.WriteLine($"{utterance.Name} {utterance.Clip.Name}: expected {expected}, found {match.Start} " +
                $"({errorMs:F1} ms), correlation {match.Correlation:F3}");
            match.Correlation.ShouldBeGreaterThan(0.9, $"{utterance.Clip.Name} is not on {utterance.Name}'s track");
            errorMs.ShouldBeLessThanOrEqualTo(20, $"{utterance.Clip.Name} is misplaced");

            foreach (var (user, other) in byUser.Where(pair => pair.Key != utterance.UserId))
            {
                var leak = Alignment.Correlate(other.Samples, clip, match.Start);
                leak.ShouldBeLessThan(0.2, $"{utterance.Clip.Name} leaks onto track {other.Track}");
            }
        }

        output.WriteLine($"worst alignment error: {worst:F1} ms; demo took {result.Elapsed.TotalSeconds:F1} s");
        var length = tracks[0].Samples.Length;
        tracks.ShouldAllBe(t => t.Samples.Length == length);
        Math.Abs(length - recording.Duration.TotalSeconds * SampleRate).ShouldBeLessThan(SampleRate * 0.1,
            "tracks must last as long as the recording");
        File.Exists(result.MixPath).ShouldBeTrue();
        File.Exists(result.ZipPath).ShouldBeTrue();
    }

    public void Dispose() => _folder.Dispose();
}
