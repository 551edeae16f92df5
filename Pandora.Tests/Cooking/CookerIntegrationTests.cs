using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using Pandora.Cooking.Cook;
using Pandora.Cooking.Raw;

namespace Pandora.Tests.Cooking;

[Collection(ExternalProcessCollection.Name)]
public sealed class CookerIntegrationTests
{
    private const long ThreeSeconds = 144000;

    [Fact]
    public async Task DecodeTracksAsync_gapLateSpeakerAndReordering_tracksEqualLengthWithSilenceInPlace()
    {
        using var folder = new TempFolder();
        TestRecording.WriteGapLateAndReordered(folder.Path, "gap1");

        IReadOnlyList<DecodedTrack> tracks = await new Cooker().DecodeTracksAsync(folder.Path, "gap1",
            cancellationToken: TestContext.Current.CancellationToken);

        tracks.Select(t => t.Samples.LongLength).ShouldBe([ThreeSeconds, ThreeSeconds]);
        tracks.Select(t => t.Name).ShouldBe(["Alice A.", "bob"]);
        float[] alice = tracks[0].Samples;
        float[] bob = tracks[1].Samples;
        for (double t = 0.1; t < 0.9; t += 0.02)
        {
            TestRecording.Rms(alice, t, t + 0.02).ShouldBeGreaterThan(0.2, $"alice at {t:F2} s");
        }

        TestRecording.Rms(alice, 1.0, 2.0).ShouldBe(0, 1e-9); // the gap: silence at its place, not squeezed out
        TestRecording.Rms(alice, 2.1, 2.9).ShouldBeGreaterThan(0.2);
        TestRecording.Rms(bob, 0, 1.5).ShouldBe(0, 1e-9); // the late speaker starts at 1.5 s, not at 0
        TestRecording.Rms(bob, 1.6, 2.4).ShouldBeGreaterThan(0.2);
        TestRecording.Rms(bob, 2.5, 3.0).ShouldBe(0, 1e-9);
        int firstSound = Array.FindIndex(bob, s => Math.Abs(s) > 0.01f);
        firstSound.ShouldBeInRange(72000, 72000 + 960);
        int aliceAgain = Array.FindIndex(alice, 48000, s => Math.Abs(s) > 0.01f);
        aliceAgain.ShouldBeInRange(96000, 96000 + 960);
    }

    [Fact]
    public async Task DecodeTracksAsync_sealedAfterLastPacket_everyTrackLastsUntilTheDeclaredEnd()
    {
        using var folder = new TempFolder();
        TestRecording.WriteGapLateAndReordered(folder.Path, "sealed", sealAt: 5 * 48000);

        IReadOnlyList<DecodedTrack> tracks = await new Cooker().DecodeTracksAsync(folder.Path, "sealed",
            cancellationToken: TestContext.Current.CancellationToken);

        tracks.Select(t => t.Samples.LongLength).ShouldBe([5 * 48000L, 5 * 48000L]);
        TestRecording.Rms(tracks[0].Samples, 2.1, 2.9).ShouldBeGreaterThan(0.2);
        TestRecording.Rms(tracks[0].Samples, 3.0, 5.0).ShouldBe(0, 1e-9);
        RawRecording.Open(folder.Path, "sealed").Info!.EndSamples.ShouldBe(5 * 48000L);
    }

    [Fact]
    public async Task DecodeTracksAsync_packetStartConvention_placesEveryPacketOneDurationLater()
    {
        using var folder = new TempFolder();
        TestRecording.WriteGapLateAndReordered(folder.Path, "gap1");

        IReadOnlyList<DecodedTrack> tracks = await new Cooker().DecodeTracksAsync(folder.Path, "gap1",
            RawGranuleConvention.PacketStart, TestContext.Current.CancellationToken);

        tracks.Select(t => t.Samples.LongLength).ShouldBe([ThreeSeconds + 960, ThreeSeconds + 960]);
        Array.FindIndex(tracks[1].Samples, s => Math.Abs(s) > 0.01f).ShouldBeInRange(72960, 72960 + 960);
    }

    [Fact]
    public async Task CookAsync_zipWav_oneEqualLengthFilePerSpeakerAndCounts()
    {
        using var folder = new TempFolder();
        TestRecording.WriteGapLateAndReordered(folder.Path, "gap1");
        using var output = new MemoryStream();

        CookResult result = await new Cooker().CookAsync(folder.Path, "gap1",
            new CookOptions(CookFormat.Wav, CookContainer.Zip),
            output, TestContext.Current.CancellationToken);

        result.Samples.ShouldBe(ThreeSeconds);
        result.Duration.ShouldBe(TimeSpan.FromSeconds(3));
        result.Tracks.Select(t => (t.Track, t.Packets, t.DroppedPackets, t.TrimmedPackets))
            .ShouldBe([(1, 100, 1, 0), (2, 50, 1, 0)]);
        output.Position = 0;
        using var zip = new ZipArchive(output, ZipArchiveMode.Read);
        zip.Entries.Select(e => e.FullName).ShouldBe(["info.txt", "1-Alice_A_.wav", "2-bob.wav"]);
        using (var info = new StreamReader(zip.Entries[0].Open()))
        {
            string text = await info.ReadToEndAsync(TestContext.Current.CancellationToken);
            text.ShouldContain("Recording gap1");
            text.ShouldContain("Length    00:00:03");
            text.ShouldContain("1: Alice A.");
            text.ShouldContain("2: bob");
            text.ShouldNotContain("key", Case.Insensitive);
        }

        foreach (ZipArchiveEntry entry in zip.Entries.Skip(1))
        {
            using var wav = new MemoryStream();
            await using (Stream stream = entry.Open())
            {
                await stream.CopyToAsync(wav, TestContext.Current.CancellationToken);
            }

            byte[] bytes = wav.ToArray();
            Encoding.ASCII.GetString(bytes, 0, 4).ShouldBe("RIFF");
            BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(40)).ShouldBe((uint)(ThreeSeconds * 4));
            bytes.Length.ShouldBe(44 + (int)(ThreeSeconds * 4));
        }
    }

    [Fact]
    public async Task CookToFileAsync_mix_ffmpegDecodesToRecordingLength()
    {
        using var folder = new TempFolder();
        TestRecording.WriteGapLateAndReordered(folder.Path, "gap1");
        string mix = folder.File("mix.opus");

        await new Cooker().CookToFileAsync(folder.Path, "gap1", CookOptions.Default, mix,
            TestContext.Current.CancellationToken);

        var (exit, pcm, errors) = await ExternalTool.RunAsync("ffmpeg", "-v", "error", "-i", mix, "-f", "s16le",
            "-ac", "1", "-ar", "48000", "pipe:1");
        exit.ShouldBe(0, errors);
        errors.ShouldBeEmpty();
        (pcm.Length / 2).ShouldBe((int)ThreeSeconds);
        float[] samples = Enumerable.Range(0, pcm.Length / 2)
            .Select(i => BinaryPrimitives.ReadInt16LittleEndian(pcm.AsSpan(i * 2)) / 32768f).ToArray();
        TestRecording.Rms(samples, 0.1, 0.9).ShouldBeGreaterThan(0.2);
        TestRecording.Rms(samples, 1.1, 1.4).ShouldBeLessThan(0.01); // nobody speaks
        TestRecording.Rms(samples, 1.6, 1.9).ShouldBeGreaterThan(0.2);
    }

    [Fact]
    public async Task CookToFileAsync_monoMix_opusinfoAndFfprobeAcceptIt()
    {
        using var folder = new TempFolder();
        TestRecording.WriteGapLateAndReordered(folder.Path, "gap1");
        string mix = folder.File("mix.opus");

        await new Cooker().CookToFileAsync(folder.Path, "gap1", new CookOptions(Channels: 1), mix,
            TestContext.Current.CancellationToken);

        var (exit, output, errors) = await ExternalTool.RunAsync("opusinfo", mix);
        string report = Encoding.UTF8.GetString(output) + errors;
        exit.ShouldBe(0, report);
        report.ShouldNotContain("WARNING");
        report.ShouldContain("Channels: 1");
        report.ShouldContain("Playback length: 0m:03.000s");
        var (probeExit, probe, probeErrors) = await ExternalTool.RunAsync("ffprobe", "-v", "error",
            "-show_entries", "format=duration", "-of", "default=nw=1:nk=1", mix);
        probeExit.ShouldBe(0, probeErrors);

        // ffprobe's container duration still counts the 6.5 ms encoder pre-skip; decoding (test above) removes it.
        double.Parse(Encoding.ASCII.GetString(probe).Trim(), CultureInfo.InvariantCulture).ShouldBe(3.0, 0.007);
    }

    [Fact]
    public async Task CookAsync_zipFlac_ffmpegDecodesEachTrackToRecordingLength()
    {
        ExternalTool.Require("ffmpeg");
        using var folder = new TempFolder();
        TestRecording.WriteGapLateAndReordered(folder.Path, "gap1");
        string zipPath = folder.File("tracks.zip");

        await new Cooker().CookToFileAsync(folder.Path, "gap1",
            new CookOptions(CookFormat.Flac, CookContainer.Zip), zipPath,
            TestContext.Current.CancellationToken);

        ZipFile.ExtractToDirectory(zipPath, folder.File("out"));
        foreach (string name in new[] { "1-Alice_A_.flac", "2-bob.flac" })
        {
            var (exit, pcm, errors) = await ExternalTool.RunAsync("ffmpeg", "-v", "error", "-i",
                Path.Combine(folder.File("out"), name), "-f", "s16le", "-ac", "2", "pipe:1");
            exit.ShouldBe(0, errors);
            (pcm.Length / 4).ShouldBe((int)ThreeSeconds, name);
        }
    }

    [Fact]
    public async Task CookAsync_recordingWithoutAudio_writesEmptyMix()
    {
        using var folder = new TempFolder();
        using (IRawRecordingWriter writer = RawRecording.Create(folder.Path, RawRecordingWriterUnitTests.Info("e1")))
        {
            writer.AddTrack(new RawUser(1, 5, "bob", null, "0", false));
        }

        using var output = new MemoryStream();
        CookResult result = await new Cooker().CookAsync(folder.Path, "e1", CookOptions.Default, output,
            TestContext.Current.CancellationToken);

        result.Samples.ShouldBe(0);
        result.Tracks.Single().Packets.ShouldBe(0);
        output.Length.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task CookAsync_cancelled_throwsOperationCanceled()
    {
        using var folder = new TempFolder();
        TestRecording.WriteGapLateAndReordered(folder.Path, "gap1");
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => new Cooker().CookAsync(folder.Path, "gap1",
            CookOptions.Default, Stream.Null, cancel.Token));
    }

    [Fact]
    public async Task CookToFileAsync_missingRecording_throwsNotFoundAndLeavesNoFile()
    {
        using var folder = new TempFolder();
        string mix = folder.File("mix.opus");

        var error = await Should.ThrowAsync<RawRecordingException>(() => new Cooker().CookToFileAsync(folder.Path,
            "nope", CookOptions.Default, mix, TestContext.Current.CancellationToken));

        error.Kind.ShouldBe(RawRecordingErrorKind.NotFound);
        File.Exists(mix).ShouldBeFalse();
    }

    [Fact]
    public async Task CookToFileAsync_existingOutput_throwsAndKeepsIt()
    {
        using var folder = new TempFolder();
        TestRecording.WriteGapLateAndReordered(folder.Path, "gap1");
        string mix = folder.File("mix.opus");
        File.WriteAllText(mix, "keep me");

        await Should.ThrowAsync<IOException>(() => new Cooker().CookToFileAsync(folder.Path, "gap1",
            CookOptions.Default, mix, TestContext.Current.CancellationToken));

        File.ReadAllText(mix).ShouldBe("keep me");
    }

    [Fact]
    public async Task CookAsync_absurdGranule_countsPacketInvalidAndKeepsLength()
    {
        using var folder = new TempFolder();
        using (IRawRecordingWriter writer = RawRecording.Create(folder.Path, RawRecordingWriterUnitTests.Info("h1")))
        {
            writer.AddTrack(new RawUser(1, 5, "bob", null, "0", false));
            byte[][] tone = TestRecording.Tone(440, 2);
            writer.WriteAudio(1, 960, tone[0], 0);
            writer.WriteAudio(1, ulong.MaxValue / 2, tone[1], 960);
            writer.WriteAudio(1, 1920, tone[1], 960);
        }

        CookResult result = await new Cooker().CookAsync(folder.Path, "h1",
            new CookOptions(CookFormat.Wav, CookContainer.Zip),
            Stream.Null, TestContext.Current.CancellationToken);

        result.Samples.ShouldBe(1920);
        result.Tracks.Single().InvalidPackets.ShouldBe(1);
    }

    [Fact]
    public async Task CookAsync_zipWithHostileName_entryNameStaysInsideArchive()
    {
        using var folder = new TempFolder();
        using (IRawRecordingWriter writer = RawRecording.Create(folder.Path, RawRecordingWriterUnitTests.Info("n1")))
        {
            writer.AddTrack(new RawUser(1, 5, "x", "../../etc/passwd\\é", "0", false));
            writer.WriteAudio(1, 960, TestRecording.Tone(440, 1)[0], 0);
        }

        using var output = new MemoryStream();
        await new Cooker().CookAsync(folder.Path, "n1",
            new CookOptions(CookFormat.Wav, CookContainer.Zip), output,
            TestContext.Current.CancellationToken);

        output.Position = 0;
        using var zip = new ZipArchive(output, ZipArchiveMode.Read);
        zip.Entries.Select(e => e.FullName).ShouldBe(["info.txt", "1-______etc_passwd__.wav"]);
    }

    [Fact]
    public async Task CookAsync_packetLaterThanReorderHorizon_isDroppedNotShifted()
    {
        using var folder = new TempFolder();
        byte[][] tone = TestRecording.Tone(440, 100);
        using (IRawRecordingWriter writer = RawRecording.Create(folder.Path, RawRecordingWriterUnitTests.Info("l1")))
        {
            writer.AddTrack(new RawUser(1, 5, "bob", null, "0", false));
            for (int i = 0; i < 50; i++)
            {
                writer.WriteAudio(1, (ulong)((i + 1) * 960), tone[i], 0); // 0-1 s
            }

            for (int i = 0; i < 50; i++)
            {
                writer.WriteAudio(1, (ulong)((20 * 48000) + ((i + 1) * 960)), tone[50 + i], 0); // 20-21 s
            }

            writer.WriteAudio(1, (5 * 48000) + 960, tone[10], 0); // belongs at 5 s, arrives 20 s late
        }

        var cooker = new Cooker();
        CookResult result = await cooker.CookAsync(folder.Path, "l1",
            new CookOptions(CookFormat.Wav, CookContainer.Zip),
            Stream.Null, TestContext.Current.CancellationToken);
        float[] samples = (await cooker.DecodeTracksAsync(folder.Path, "l1",
            cancellationToken: TestContext.Current.CancellationToken))[0].Samples;

        result.Samples.ShouldBe(21 * 48000);
        result.Tracks.Single().DroppedPackets.ShouldBe(1);
        result.Tracks.Single().Packets.ShouldBe(100);
        TestRecording.Rms(samples, 1.0, 20.0).ShouldBe(0, 1e-9);
        TestRecording.Rms(samples, 20.1, 20.9).ShouldBeGreaterThan(0.2);
    }

    [Fact]
    public async Task CookAsync_zipFlacWithMissingEncoder_throwsEncoderMissing()
    {
        using var folder = new TempFolder();
        TestRecording.WriteGapLateAndReordered(folder.Path, "gap1");
        var options = new CookOptions(CookFormat.Flac, CookContainer.Zip, Encoders: AudioEncoders.None);

        var error = await Should.ThrowAsync<CookingException>(() => new Cooker().CookAsync(folder.Path, "gap1",
            options, Stream.Null, TestContext.Current.CancellationToken));

        error.Kind.ShouldBe(CookingErrorKind.EncoderMissing);
    }
}
