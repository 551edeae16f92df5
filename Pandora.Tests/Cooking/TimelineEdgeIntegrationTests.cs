using System.IO.Compression;
using Concentus;
using Concentus.Enums;
using Pandora.Cooking.Cook;
using Pandora.Cooking.Raw;

namespace Pandora.Tests.Cooking;

/// <summary>Hand-built raw recordings for every timeline edge: frame sizes, backward granules, empty and late
/// tracks, segments, levelling, progress.</summary>
public sealed class TimelineEdgeIntegrationTests
{
    private const int Rate = 48_000;

    [Fact]
    public async Task DecodeTracksAsync_10_20_40_60msPackets_continuousWithoutGapOrOverlap()
    {
        using var folder = new TempFolder();
        long end;
        using (IRawRecordingWriter writer = RawRecording.Create(folder.Path, RawRecordingWriterUnitTests.Info("fs")))
        {
            writer.AddTrack(new RawUser(1, 1, "alice", null, "0", false));
            end = WriteTone(writer, 1, 0, [(480, 50), (960, 25), (1920, 15), (2880, 10)]); // 0.5 s of each size
            writer.Seal(3 * Rate);
        }

        float[] track = (await new Cooker().DecodeTracksAsync(folder.Path, "fs",
            cancellationToken: TestContext.Current.CancellationToken))[0].Samples;

        end.ShouldBe(2 * Rate + (Rate / 5));
        track.Length.ShouldBe(3 * Rate);
        for (double at = 0.02; at < 2.18; at += 0.01)
        {
            TestRecording.Rms(track, at, at + 0.01).ShouldBeGreaterThan(0.2, $"a hole at {at:F2} s");
        }

        TestRecording.Rms(track, 2.21, 3.0).ShouldBe(0, 1e-9);
    }

    [Fact]
    public async Task DecodeTracksAsync_secondWrittenBeforeFirst_bothInPlace()
    {
        using var folder = new TempFolder();
        byte[][] tone = TestRecording.Tone(440, 150);
        using (IRawRecordingWriter writer = RawRecording.Create(folder.Path, RawRecordingWriterUnitTests.Info("bk")))
        {
            writer.AddTrack(new RawUser(1, 1, "alice", null, "0", false));
            for (int i = 100; i < 150; i++)
            {
                writer.WriteAudio(1, (ulong)((i + 1) * 960), tone[i], 0); // 2-3 s first
            }

            for (int i = 0; i < 50; i++)
            {
                writer.WriteAudio(1, (ulong)((i + 1) * 960), tone[i], 0); // then granules jump back to 0-1 s
            }
        }

        var cooker = new Cooker();
        CookResult result = await cooker.CookAsync(folder.Path, "bk", CookOptions.Default, Stream.Null,
            TestContext.Current.CancellationToken);
        float[] track = (await cooker.DecodeTracksAsync(folder.Path, "bk",
            cancellationToken: TestContext.Current.CancellationToken))[0].Samples;

        result.Tracks[0].Packets.ShouldBe(100);
        result.Tracks[0].DroppedPackets.ShouldBe(0);
        track.Length.ShouldBe(3 * Rate);
        TestRecording.Rms(track, 0.05, 0.95).ShouldBeGreaterThan(0.2);
        TestRecording.Rms(track, 1.05, 1.95).ShouldBe(0, 1e-9);
        TestRecording.Rms(track, 2.05, 2.95).ShouldBeGreaterThan(0.2);
    }

    [Fact]
    public async Task CookAsync_emptyTrackAndSpeakerOnlyAtTheEnd_everyFileAsLongAsTheRecording()
    {
        using var folder = new TempFolder();
        using (IRawRecordingWriter writer = RawRecording.Create(folder.Path, RawRecordingWriterUnitTests.Info("ed")))
        {
            writer.AddTrack(new RawUser(1, 1, "alice", null, "0", false));
            writer.AddTrack(new RawUser(2, 2, "mute", null, "0", false));
            writer.AddTrack(new RawUser(3, 3, "last", null, "0", false));
            byte[][] tone = TestRecording.Tone(440, 50);
            for (int i = 0; i < 50; i++)
            {
                writer.WriteAudio(1, (ulong)((i + 1) * 960), tone[i], 0);
            }

            byte[][] late = TestRecording.Tone(660, 5);
            for (int i = 0; i < 5; i++)
            {
                writer.WriteAudio(3, (ulong)((4 * Rate) - (4 * 960) + (i * 960)), late[i], 0); // 3.9-4.0 s
            }

            writer.Seal(4 * Rate);
        }

        using var zipBytes = new MemoryStream();
        CookResult result = await new Cooker().CookAsync(folder.Path, "ed",
            new CookOptions(CookFormat.Wav, CookContainer.Zip), zipBytes, TestContext.Current.CancellationToken);

        result.Samples.ShouldBe(4 * Rate);
        result.Tracks.Select(t => t.Packets).ShouldBe([50, 0, 5]);
        zipBytes.Position = 0;
        using var zip = new ZipArchive(zipBytes, ZipArchiveMode.Read);
        zip.Entries.Select(e => e.FullName).ShouldBe(["info.txt", "1-alice.wav", "2-mute.wav", "3-last.wav"]);
        zip.Entries.Skip(1).ShouldAllBe(e => e.Length == 44 + (4 * Rate * 4));
        float[] last = ReadWavMono(zip.Entries[3]);
        CookedAudio.Onset(last, 0).ShouldBeInRange((4 * Rate) - (5 * 960), (4 * Rate) - (4 * 960) + 96);
        ReadWavMono(zip.Entries[2]).ShouldAllBe(s => s == 0f);
    }

    [Fact]
    public async Task DecodeTracksAsync_twoSegments_stitchedWithThePauseAndSpeakersMatchedById()
    {
        using var folder = new TempFolder();
        RawRecordingInfo first = RawRecordingWriterUnitTests.Info("seg");
        using (IRawRecordingWriter writer = RawRecording.Create(folder.Path, first))
        {
            writer.AddTrack(new RawUser(1, 11, "alice", null, "0", false));
            WriteTone(writer, 1, 0, [(960, 100)]); // 0-2 s
            writer.Seal(2 * Rate);
        }

        // The recorder restarted: 5 s after the first start a second segment begins, bob first this time.
        RawRecordingInfo second = first with { Id = "seg_s2", StartTime = first.StartTime.AddSeconds(5) };
        using (IRawRecordingWriter writer = RawRecording.Create(folder.Path, second))
        {
            writer.AddTrack(new RawUser(1, 22, "bob", null, "0", false));
            writer.AddTrack(new RawUser(2, 11, "alice", null, "0", false));
            WriteTone(writer, 1, Rate / 2, [(960, 25)]); // bob 5.5-6.0 s
            WriteTone(writer, 2, 0, [(960, 50)]); // alice 5-6 s
            writer.Seal(2 * Rate);
        }

        IReadOnlyList<DecodedTrack> tracks = await new Cooker().DecodeTracksAsync(folder.Path, "seg",
            cancellationToken: TestContext.Current.CancellationToken);

        tracks.Select(t => (t.Track, t.Name)).ShouldBe([(1, "alice"), (2, "bob")]);
        tracks.ShouldAllBe(t => t.Samples.Length == 7 * Rate);
        float[] alice = tracks[0].Samples, bob = tracks[1].Samples;
        TestRecording.Rms(alice, 0.05, 1.95).ShouldBeGreaterThan(0.2);
        TestRecording.Rms(alice, 2.01, 4.99).ShouldBe(0, 1e-9, "the pause between segments is silence");

        // A fresh Opus encoder delays its first sound by its lookahead (312 samples, 6.5 ms); the placement itself is
        // exact, so the onsets sit within that of 5 s and 5.5 s.
        CookedAudio.Onset(alice, 2.5).ShouldBeInRange(5 * Rate, (5 * Rate) + 400);
        CookedAudio.Onset(bob, 0).ShouldBeInRange((5 * Rate) + (Rate / 2), (5 * Rate) + (Rate / 2) + 400);
        TestRecording.Rms(alice, 6.01, 7.0).ShouldBe(0, 1e-9);
    }

    [Fact]
    public async Task CookAsync_level_bringsQuietAndLoudSpeakersTogetherWithoutClipping()
    {
        using var folder = new TempFolder();
        using (IRawRecordingWriter writer = RawRecording.Create(folder.Path, RawRecordingWriterUnitTests.Info("lv")))
        {
            writer.AddTrack(new RawUser(1, 1, "quiet", null, "0", false));
            writer.AddTrack(new RawUser(2, 2, "loud", null, "0", false));
            byte[][] quiet = TestRecording.Tone(440, 100, amplitude: 0.02f);
            byte[][] loud = TestRecording.Tone(660, 100, amplitude: 0.6f);
            for (int i = 0; i < 100; i++)
            {
                writer.WriteAudio(1, (ulong)((i + 1) * 960), quiet[i], 0);
                writer.WriteAudio(2, (ulong)((i + 1) * 960), loud[i], 0);
            }
        }

        float[][] plain = await CookWavTracksAsync(folder, "lv", level: false);
        float[][] levelled = await CookWavTracksAsync(folder, "lv", level: true);

        double Db(float[] s) => 20 * Math.Log10(TestRecording.Rms(s, 0.2, 1.8));
        (Db(plain[1]) - Db(plain[0])).ShouldBeGreaterThan(25);
        Math.Abs(Db(levelled[1]) - Db(levelled[0])).ShouldBeLessThan(1.0);
        Db(levelled[0]).ShouldBe(Loudness.TargetDb, 1.0);
        levelled.ShouldAllBe(t => t.Max(Math.Abs) < 1f);
    }

    [Fact]
    public async Task CookAsync_withProgress_reportsGrowingFractionsEndingAtOne()
    {
        using var folder = new TempFolder();
        TestRecording.WriteGapLateAndReordered(folder.Path, "pg", sealAt: 60 * Rate);
        var reports = new List<CookProgress>();
        var progress = new SynchronousProgress(p =>
        {
            lock (reports)
            {
                reports.Add(p);
            }
        });

        await new Cooker().CookAsync(folder.Path, "pg", CookOptions.Default, Stream.Null, progress,
            TestContext.Current.CancellationToken);

        reports.Count.ShouldBeGreaterThan(10);
        reports[^1].ShouldBe(new CookProgress(2 * 60 * Rate, 2 * 60 * Rate));
        reports.Select(r => r.Done).ShouldBeInOrder(SortDirection.Ascending);
    }

    [Fact]
    public async Task CookAsync_craigRecording_granulesReadAsStartsNamesFromItsUsersFile()
    {
        using var folder = new TempFolder();
        byte[][] tone = TestRecording.Tone(660, 50);
        using (IRawRecordingWriter writer = RawRecording.Create(folder.Path, RawRecordingWriterUnitTests.Info("cr")))
        {
            writer.AddTrack(new RawUser(1, 7, "x", null, "0", false));
            for (int i = 0; i < 50; i++)
            {
                // Craig's recorder stores the arrival time: the packet's START; a reference page follows each.
                writer.WriteAudio(1, (ulong)((3 * Rate / 2) + (i * 960)), tone[i], (uint)(i * 960));
            }
        }

        RewriteAsCraig(folder, "cr");
        RawRecordingReader raw = RawRecording.Open(folder.Path, "cr");
        raw.Vendor.ShouldBe("libopus craig");
        raw.Granules.ShouldBe(RawGranuleConvention.PacketStart);

        var cooker = new Cooker();
        IReadOnlyList<DecodedTrack> tracks = await cooker.DecodeTracksAsync(folder.Path, "cr",
            cancellationToken: TestContext.Current.CancellationToken);
        CookResult result = await cooker.CookAsync(folder.Path, "cr", CookOptions.Default, Stream.Null,
            TestContext.Current.CancellationToken);

        tracks.Single().Name.ShouldBe("Zoë");
        result.Samples.ShouldBe((3 * Rate / 2) + (50 * 960));
        result.Reader.ReferencePages.ShouldBe(50);
        CookedAudio.Onset(tracks[0].Samples, 0).ShouldBeInRange(3 * Rate / 2, (3 * Rate / 2) + 400);
    }

    // Gives the files Craig's shape: another vendor in header2, Craig's users and info fields.
    private static void RewriteAsCraig(TempFolder folder, string id)
    {
        byte[] tags = new Pandora.Cooking.Ogg.OpusTags("libopus craig").ToPacket();
        var page = new byte[Pandora.Cooking.Ogg.OggPageWriter.GetSinglePageLength(tags.Length)];
        Pandora.Cooking.Ogg.OggPageWriter.WriteSinglePage(page, 0, 0, 1, 1, tags);
        File.WriteAllBytes(folder.File(id + RawRecordingFiles.Header2), page);
        File.WriteAllText(folder.File(id + RawRecordingFiles.Users),
            "\"0\":{}\n,\"1\":{\"id\":\"7\",\"username\":\"zoe\",\"discriminator\":\"0\"," +
            "\"globalName\":\"Zoë\",\"bot\":false,\"avatar\":null}\n");
        File.WriteAllText(folder.File(id + RawRecordingFiles.Info),
            "{\"format\":1,\"key\":\"k\",\"delete\":\"d\",\"guild\":\"G#1\",\"channel\":\"talk\"," +
            "\"requester\":\"zoe\",\"requesterId\":\"7\",\"startTime\":\"2026-12-04T16:00:00.000Z\"," +
            "\"expiresAfter\":24,\"features\":{}}");
    }

    [Fact]
    public async Task CookAsync_zipOfMoreSpeakersThanCores_everyTrackInOrderWithItsOwnSpeech()
    {
        using var folder = new TempFolder();
        using (IRawRecordingWriter writer = RawRecording.Create(folder.Path, RawRecordingWriterUnitTests.Info("six")))
        {
            for (int t = 1; t <= 6; t++)
            {
                writer.AddTrack(new RawUser(t, (ulong)t, $"s{t}", null, "0", false));
                WriteTone(writer, t, (t - 1) * Rate / 2, [(960, 10)]); // speaker t at (t - 1) / 2 s
            }

            writer.Seal(4 * Rate);
        }

        float[][] tracks = await CookWavTracksAsync(folder, "six", level: false);

        tracks.Length.ShouldBe(6);
        for (int t = 0; t < 6; t++)
        {
            tracks[t].Length.ShouldBe(4 * Rate);
            CookedAudio.Onset(tracks[t], 0).ShouldBeInRange(t * Rate / 2, (t * Rate / 2) + 400, $"track {t + 1}");
        }
    }

    [Fact]
    public async Task CookAsync_flacZipCancelledWhileEncoding_throwsOperationCanceled()
    {
        ExternalTool.Require("ffmpeg");
        using var folder = new TempFolder();
        TestRecording.WriteGapLateAndReordered(folder.Path, "cz", sealAt: 600 * Rate);
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress(p =>
        {
            if (p.Fraction > 0.05)
            {
                cancel.Cancel();
            }
        });

        await Should.ThrowAsync<OperationCanceledException>(() => new Cooker().CookAsync(folder.Path, "cz",
            new CookOptions(CookFormat.Flac, CookContainer.Zip), Stream.Null, progress, cancel.Token));
    }

    private static async Task<float[][]> CookWavTracksAsync(TempFolder folder, string id, bool level)
    {
        using var bytes = new MemoryStream();
        await new Cooker().CookAsync(folder.Path, id, new CookOptions(CookFormat.Wav, CookContainer.Zip, Level: level),
            bytes, TestContext.Current.CancellationToken);
        bytes.Position = 0;
        using var zip = new ZipArchive(bytes, ZipArchiveMode.Read);
        return [.. zip.Entries.Skip(1).Select(ReadWavMono)];
    }

    private static float[] ReadWavMono(ZipArchiveEntry entry)
    {
        using var data = new MemoryStream();
        using (Stream stream = entry.Open())
        {
            stream.CopyTo(data);
        }

        byte[] bytes = data.ToArray();
        int frames = (bytes.Length - 44) / 4;
        var mono = new float[frames];
        for (int i = 0; i < frames; i++)
        {
            short left = BitConverter.ToInt16(bytes, 44 + (i * 4));
            short right = BitConverter.ToInt16(bytes, 46 + (i * 4));
            mono[i] = (left + right) / 65536f;
        }

        return mono;
    }

    // Writes a continuous tone as runs of packets of the given frame sizes from `start`; returns where it ends.
    private static long WriteTone(IRawRecordingWriter writer, int track, long start, (int Frame, int Count)[] runs)
    {
        IOpusEncoder encoder = OpusCodecFactory.CreateEncoder(Rate, 2, OpusApplication.OPUS_APPLICATION_AUDIO);
        encoder.Bitrate = 64_000;
        var packet = new byte[1500];
        long at = start, phase = 0;
        foreach ((int frame, int count) in runs)
        {
            var pcm = new float[frame * 2];
            for (int p = 0; p < count; p++)
            {
                for (int i = 0; i < frame; i++, phase++)
                {
                    pcm[2 * i] = pcm[(2 * i) + 1] = 0.5f * (float)Math.Sin(2 * Math.PI * 440 * phase / Rate);
                }

                int length = encoder.Encode(pcm, frame, packet, packet.Length);
                at += frame;
                writer.WriteAudio(track, (ulong)at, packet.AsSpan(0, length), (uint)at);
            }
        }

        (encoder as IDisposable)?.Dispose();
        return at;
    }

    private sealed class SynchronousProgress(Action<CookProgress> report) : IProgress<CookProgress>
    {
        public void Report(CookProgress value) => report(value);
    }
}
