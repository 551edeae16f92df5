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
        var tracks = await new Cooker().DecodeTracksAsync(recording.Folder, recording.Id,
            cancellationToken: timeout.Token);
        var byUser = recording.Tracks.ToDictionary(t => t.UserId, t => tracks.Single(d => d.Track == t.Track));
        var speakers = result.Scenario.Utterances.Select(u => u.UserId).Distinct().ToList();
        speakers.Count.ShouldBeGreaterThanOrEqualTo(3);
        byUser.Keys.ShouldBe(speakers, ignoreOrder: true);

        var worst = 0.0;
        foreach (var utterance in result.Scenario.Utterances)
        {
            var clip = utterance.DecodeReferencePcm();
            var (match, errorMs) = Locate(utterance, byUser[utterance.UserId].Samples, recording.StartTime);
            worst = Math.Max(worst, errorMs);
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

    [Fact]
    public async Task Demo_gatewayAndVoiceSocketsDropped_botResumesAndLaterSpeechIsInPlace()
    {
        var dropGatewayAt = TimeSpan.FromSeconds(7);
        var dropVoiceAt = TimeSpan.FromSeconds(13);
        var outage = TimeSpan.FromSeconds(1.5);
        var scenario = Scenario.Default with
        {
            Hooks =
            [
                new ScenarioHook(dropGatewayAt, (emulator, _) => emulator.DropGatewayConnectionsAsync(),
                    "drop gateway"),
                new ScenarioHook(dropVoiceAt, (emulator, _) => emulator.SimulateVoiceOutageAsync(outage),
                    "voice outage"),
            ],
        };
        var demo = new DemoRunner(TestHost.Settings(_folder.Path), NullLoggerFactory.Instance,
            Path.Combine(_folder.Path, "out"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));

        var result = await demo.RunAsync(scenario, timeout.Token);

        result.Scenario.HookErrors.ShouldBeEmpty();
        result.Gateway.Resumes.ShouldBeGreaterThanOrEqualTo(1, "the gateway must resume, not identify again");
        result.Gateway.Identifies.ShouldBe(1);
        result.EmulatorGatewayConnections.ShouldBe(2);
        result.EmulatorVoiceConnections.ShouldBeGreaterThanOrEqualTo(2, "the voice socket must come back");
        var recording = result.Recording;
        var tracks = await new Cooker().DecodeTracksAsync(recording.Folder, recording.Id,
            cancellationToken: timeout.Token);
        var byUser = recording.Tracks.ToDictionary(t => t.UserId, t => tracks.Single(d => d.Track == t.Track));
        byUser.Count.ShouldBe(3);

        // The outage is a gap on the track of the speaker who was talking through it, not squeezed out.
        var timelineStart = result.Scenario.TimelineStartedAt;
        var cut = result.Scenario.Utterances.Single(u =>
            u.FirstPacketSentAt - timelineStart < dropVoiceAt
            && u.FirstPacketSentAt - timelineStart + u.Clip.Duration > dropVoiceAt + outage);
        var cutTrack = byUser[cut.UserId].Samples;
        var (cutMatch, _) = Locate(cut, cutTrack, recording.StartTime);
        var outageStart = (int)((timelineStart + dropVoiceAt - recording.StartTime).TotalSeconds * SampleRate);
        var quiet = (int)(outage.TotalSeconds * SampleRate * 0.6);
        var reference = cut.DecodeReferencePcm();
        var referenceAt = outageStart + (SampleRate / 10) - cutMatch.Start;
        Alignment.Rms(reference, referenceAt, quiet).ShouldBeGreaterThan(0.01, "the clip was speaking then");
        Alignment.Rms(cutTrack, outageStart + (SampleRate / 10), quiet).ShouldBeLessThan(1e-4,
            $"{cut.Clip.Name} must have a gap where the outage was");
        var tail = reference.Length - (int)(referenceAt + (outage.TotalSeconds * SampleRate));
        if (tail > SampleRate / 2)
        {
            // What was said after the outage is on the track at its true time.
            var resumed = reference[^tail..];
            var at = cutMatch.Start + reference.Length - tail;
            Alignment.Correlate(cutTrack, resumed, at).ShouldBeGreaterThan(0.9,
                $"{cut.Clip.Name} after the outage must not move");
        }

        // Speech that started well after the voice outage sits at its true place on its speaker's track.
        var after = result.Scenario.Utterances
            .Where(u => u.FirstPacketSentAt - timelineStart > dropVoiceAt + TimeSpan.FromSeconds(1))
            .ToList();
        after.Count.ShouldBeGreaterThanOrEqualTo(2);
        foreach (var utterance in after)
        {
            var (match, errorMs) = Locate(utterance, byUser[utterance.UserId].Samples, recording.StartTime);
            match.Correlation.ShouldBeGreaterThan(0.9, $"{utterance.Clip.Name} after the outage is missing");
            errorMs.ShouldBeLessThanOrEqualTo(20, $"{utterance.Clip.Name} moved after the outage");
        }
    }

    private (Alignment.Match Match, double ErrorMs) Locate(
        SentUtterance utterance,
        float[] track,
        DateTimeOffset recordingStart)
    {
        var clip = utterance.DecodeReferencePcm();
        var expected = (int)Math.Round((utterance.FirstPacketSentAt - recordingStart).TotalSeconds * SampleRate)
            - FrameSamples;
        var match = Alignment.Find(track, clip, expected, radius: SampleRate / 4);
        var errorMs = Math.Abs(match.Start - expected) * 1000.0 / SampleRate;
        output.WriteLine($"{utterance.Name} {utterance.Clip.Name}: expected {expected}, found {match.Start} " +
            $"({errorMs:F1} ms), correlation {match.Correlation:F3}");
        return (match, errorMs);
    }

    public void Dispose() => _folder.Dispose();
}
