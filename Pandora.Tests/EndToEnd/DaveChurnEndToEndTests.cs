using Microsoft.Extensions.Logging.Abstractions;
using Pandora.Cooking.Raw;
using Pandora.Emulator.Scenarios;
using Pandora.Host;

namespace Pandora.Tests.EndToEnd;

/// <summary>
/// DAVE under churn, wire to raw files: the emulated voice server runs DAVE v1 with the bot and its members while
/// one member joins or leaves every 5 s for two minutes (a new epoch each time) and two others keep talking.
/// Nearly every frame the members sent while the bot was in the channel must be on their tracks.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class DaveChurnEndToEndTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestFolder _folder = new();

    [Fact]
    public async Task Demo_churnEveryFiveSecondsForTwoMinutes_atLeast999PerMilleOfFramesRecorded()
    {
        var demo = new DemoRunner(TestHost.Settings(_folder.Path), NullLoggerFactory.Instance,
            Path.Combine(_folder.Path, "out"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));

        var result = await demo.RunAsync(Scenario.Churn, timeout.Token);

        using (var printed = new StringWriter())
        {
            DemoRunner.Print(result, printed);
            output.WriteLine(printed.ToString());
        }

        var recording = result.Recording;
        var reader = RawRecording.Open(recording.Folder, recording.Id);
        var written = reader.ReadPackets().GroupBy(p => p.Track).ToDictionary(g => g.Key, g => (long)g.Count());
        var recordedByUser = recording.Tracks.ToDictionary(t => t.UserId, t => written.GetValueOrDefault(t.Track));
        long sent = 0, recorded = 0;
        foreach (var (user, frames) in result.Scenario.FramesSent.Where(f => f.Value > 0))
        {
            var got = recordedByUser.GetValueOrDefault(user);
            output.WriteLine($"member {user}: sent {frames}, recorded {got}, without a DAVE key " +
                $"{result.Scenario.FramesWithoutKey[user]}");
            sent += frames;
            recorded += Math.Min(got, frames);
        }

        var share = (double)recorded / sent;
        output.WriteLine($"churn: {recorded} of {sent} frames recorded = {share:P3}; DAVE epoch " +
            $"{result.Scenario.Dave.Epoch}, {result.Scenario.Dave.Commits} commits, " +
            $"{result.Scenario.Dave.Welcomes} welcomes");
        result.Scenario.HookErrors.ShouldBeEmpty();
        result.Scenario.Dave.Commits.ShouldBeGreaterThanOrEqualTo(24, "every change must be a new epoch");
        result.Scenario.VoiceEvents.Count(e => e.At >= result.Scenario.TimelineStartedAt).ShouldBeGreaterThanOrEqualTo(24);
        sent.ShouldBeGreaterThan(8_000);
        share.ShouldBeGreaterThanOrEqualTo(0.999);
    }

    public void Dispose() => _folder.Dispose();
}
