using System.IO.Compression;
using Pandora.Cooking.Cook;
using Pandora.Tests.EndToEnd;

namespace Pandora.Tests.Cooking;

/// <summary>
/// Golden tests: the emulator's recording cooked into every format and container, each output decoded by ffmpeg
/// (an independent decoder) and compared with the speech each speaker sent: every utterance is found on its
/// speaker's file within 20 ms of when it was sent, and every file lasts exactly as long as the recording.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class GoldenCookEndToEndTests(GoldenCookFixture fixture, ITestOutputHelper output)
    : IClassFixture<GoldenCookFixture>
{
    private const int Rate = 48_000;

    public static TheoryData<CookFormat> Formats() => [.. Enum.GetValues<CookFormat>()];

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Zip_everyFormat_eachSpeakersSpeechInPlaceOnTheirFile(CookFormat format)
    {
        ExternalTool.Require("ffmpeg");
        var recording = fixture.Result.Recording;
        string zipPath = Path.Combine(fixture.Scratch, $"golden-{format}.zip");
        CookResult result = await new Cooker().CookToFileAsync(recording.Folder, recording.Id,
            new CookOptions(format, CookContainer.Zip), zipPath, TestContext.Current.CancellationToken);
        string folder = Path.Combine(fixture.Scratch, $"golden-{format}");
        ZipFile.ExtractToDirectory(zipPath, folder);

        var tracks = new Dictionary<int, float[]>();
        foreach (CookedTrack track in result.Tracks)
        {
            string file = Path.Combine(folder, $"{track.Track}-{CookNames.SafeFileName(track.Name)}." +
                CookOptions.ExtensionOf(format));
            tracks[track.Track] = await CookedAudio.DecodeAsync(file);
            CheckLength(tracks[track.Track], result.Samples, format);
        }

        Math.Abs(result.Samples - (recording.Duration.TotalSeconds * Rate)).ShouldBeLessThan(Rate * 0.1);
        foreach (var (utterance, clip, track) in fixture.Utterances)
        {
            CheckPlaced(utterance, clip, tracks[track], minimumCorrelation: 0.85, format.ToString());
        }
    }

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Mix_everyFormat_everyUtteranceInPlace(CookFormat format)
    {
        ExternalTool.Require("ffmpeg");
        var recording = fixture.Result.Recording;
        string path = Path.Combine(fixture.Scratch, $"golden-mix.{format}.{CookOptions.ExtensionOf(format)}");
        CookResult result = await new Cooker().CookToFileAsync(recording.Folder, recording.Id,
            new CookOptions(format), path, TestContext.Current.CancellationToken);

        float[] mix = await CookedAudio.DecodeAsync(path);

        CheckLength(mix, result.Samples, format);
        foreach (var (utterance, clip, _) in fixture.Utterances)
        {
            // Other speakers overlapping in the mix lower the likeness, not the place.
            CheckPlaced(utterance, clip, mix, minimumCorrelation: 0.5, $"{format} mix");
        }
    }

    private static void CheckLength(float[] decoded, long samples, CookFormat format)
    {
        long extra = decoded.Length - samples;
        if (format == CookFormat.Aac)
        {
            extra.ShouldBeInRange(0, 1023, "AAC may add only its last frame's padding");
            return;
        }

        extra.ShouldBe(0, $"{format} must last exactly as long as the recording");
    }

    private void CheckPlaced(
        Pandora.Emulator.Scenarios.SentUtterance utterance,
        float[] clip,
        float[] track,
        double minimumCorrelation,
        string what)
    {
        int expected = (int)Math.Round((utterance.FirstPacketSentAt - fixture.Result.Recording.StartTime)
            .TotalSeconds * Rate) - Cooker.FrameSamples;
        Alignment.Match match = Alignment.Find(track, clip, expected, radius: Rate / 4);
        double errorMs = Math.Abs(match.Start - expected) * 1000.0 / Rate;
        output.WriteLine($"{what} {utterance.Name} {utterance.Clip.Name}: {errorMs:F1} ms, " +
            $"correlation {match.Correlation:F3}");
        match.Correlation.ShouldBeGreaterThan(minimumCorrelation, $"{utterance.Clip.Name} missing in {what}");
        errorMs.ShouldBeLessThanOrEqualTo(20, $"{utterance.Clip.Name} misplaced in {what}");
    }
}
