using System.IO.Compression;
using Pandora.Cooking.Cook;

namespace Pandora.Tests.Cooking;

/// <summary>Every format in both containers, decoded by ffmpeg: the length is the recording's and speech starts
/// where it was spoken.</summary>
[Collection(ExternalProcessCollection.Name)]
public sealed class CookFormatsIntegrationTests
{
    private const int ThreeSeconds = 144_000;

    // ±20 ms: the alignment bound. Onsets are found on a tone, which rises within a millisecond.
    private const int Tolerance = 960;

    private static void Near(int actual, int expected, int tolerance, string? because) =>
        Math.Abs(actual - expected).ShouldBeLessThanOrEqualTo(tolerance,
            $"{because}: got {actual}, expected {expected}");

    // Every format is exact to the sample but AAC: the MP4 index ffmpeg writes trims the encoder's priming but not
    // the padding of the last 1024-sample frame, so an AAC file may run up to 21 ms of silence longer.
    private static void LastsAsLong(float[] decoded, CookFormat format)
    {
        int extra = decoded.Length - ThreeSeconds;
        if (format == CookFormat.Aac)
        {
            extra.ShouldBeInRange(0, 1023, "AAC may only add the last frame's padding");
            if (extra > 48)
            {
                TestRecording.Rms(decoded, 3.001, decoded.Length / 48_000.0).ShouldBeLessThan(0.05, "padding");
            }

            return;
        }

        extra.ShouldBe(0, "the file must last exactly as long as the recording");
    }

    public static TheoryData<CookFormat, CookContainer> All()
    {
        var data = new TheoryData<CookFormat, CookContainer>();
        foreach (CookFormat format in Enum.GetValues<CookFormat>())
        {
            data.Add(format, CookContainer.Mix);
            data.Add(format, CookContainer.Zip);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(All))]
    public async Task CookToFileAsync_everyFormat_ffmpegDecodesRecordingLengthWithSpeechInPlace(
        CookFormat format,
        CookContainer container)
    {
        ExternalTool.Require("ffmpeg");
        using var folder = new TempFolder();
        TestRecording.WriteGapLateAndReordered(folder.Path, "gap1");
        string path = folder.File("cooked." + new CookOptions(format, container).Extension);

        CookResult result = await new Cooker().CookToFileAsync(folder.Path, "gap1", new CookOptions(format, container),
            path, TestContext.Current.CancellationToken);

        result.Samples.ShouldBe(ThreeSeconds);
        if (container == CookContainer.Mix)
        {
            float[] mix = await CookedAudio.DecodeAsync(path);
            LastsAsLong(mix, format);
            Near(CookedAudio.Onset(mix, 1.2), 72_000, Tolerance, "bob starts at 1.5 s");
            TestRecording.Rms(mix, 1.1, 1.4).ShouldBeLessThan(0.01, "nobody speaks from 1 s to 1.5 s");
            return;
        }

        ZipFile.ExtractToDirectory(path, folder.File("out"));
        string ext = CookOptions.ExtensionOf(format);
        float[] alice = await CookedAudio.DecodeAsync(Path.Combine(folder.File("out"), $"1-Alice_A_.{ext}"));
        float[] bob = await CookedAudio.DecodeAsync(Path.Combine(folder.File("out"), $"2-bob.{ext}"));
        LastsAsLong(alice, format);
        LastsAsLong(bob, format);
        Near(CookedAudio.Onset(bob, 0), 72_000, Tolerance, "bob starts at 1.5 s on his own track");
        Near(CookedAudio.Onset(alice, 1.2), 96_000, Tolerance, "alice comes back at 2 s");
        TestRecording.Rms(bob, 2.6, 3.0).ShouldBeLessThan(0.01, "bob stops at 2.5 s");
        File.ReadAllText(Path.Combine(folder.File("out"), "info.txt")).ShouldContain("Recording gap1");
    }

    [Theory]
    [InlineData(CookFormat.Flac, "flac")]
    [InlineData(CookFormat.Mp3, "lame")]
    public async Task CookToFileAsync_debianEncoderWithoutFfmpeg_decodesToRecordingLengthInPlace(
        CookFormat format,
        string program)
    {
        string found = ExternalTool.Require(program);
        ExternalTool.Require("ffmpeg"); // to decode
        var encoders = new AudioEncoders(null, program == "flac" ? found : null, program == "lame" ? found : null);
        using var folder = new TempFolder();
        TestRecording.WriteGapLateAndReordered(folder.Path, "gap1");
        string path = folder.File("mix." + CookOptions.ExtensionOf(format));

        await new Cooker().CookToFileAsync(folder.Path, "gap1", new CookOptions(format, Encoders: encoders), path,
            TestContext.Current.CancellationToken);

        float[] mix = await CookedAudio.DecodeAsync(path);
        LastsAsLong(mix, format);
        Near(CookedAudio.Onset(mix, 1.2), 72_000, Tolerance, "bob starts at 1.5 s");
    }

    [Fact]
    public void AudioEncoders_none_onlyOpusAndWavWithAClearMessageForTheRest()
    {
        AudioEncoders.None.Supports(CookFormat.Opus).ShouldBeTrue();
        AudioEncoders.None.Supports(CookFormat.Wav).ShouldBeTrue();
        AudioEncoders.None.Problems().ShouldBe(
        [
            AudioEncoders.MissingMessage(CookFormat.Vorbis), AudioEncoders.MissingMessage(CookFormat.Flac),
            AudioEncoders.MissingMessage(CookFormat.Mp3), AudioEncoders.MissingMessage(CookFormat.Aac),
        ]);
        AudioEncoders.MissingMessage(CookFormat.Mp3).ShouldContain("apt-get install");
        new AudioEncoders(null, null, "/usr/bin/lame").Supports(CookFormat.Mp3).ShouldBeTrue();
        new AudioEncoders(null, null, "/usr/bin/lame").Supports(CookFormat.Aac).ShouldBeFalse();
    }

    [Fact]
    public async Task PrepareAsync_mp3WithoutEncoders_throwsEncoderMissingBeforeWriting()
    {
        using var folder = new TempFolder();
        TestRecording.WriteGapLateAndReordered(folder.Path, "gap1");

        var error = await Should.ThrowAsync<CookingException>(() => new Cooker().PrepareAsync(folder.Path, "gap1",
            new CookOptions(CookFormat.Mp3, Encoders: AudioEncoders.None), TestContext.Current.CancellationToken));

        error.Kind.ShouldBe(CookingErrorKind.EncoderMissing);
        error.Message.ShouldContain("MP3 needs ffmpeg or lame");
    }
}
