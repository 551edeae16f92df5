using System.Text.Json;
using Pandora.Cooking.Ogg;
using Pandora.Cooking.Raw;

namespace Pandora.Tests.Cooking;

public sealed class RawRecordingWriterUnitTests
{
    internal static RawRecordingInfo Info(string id = "rec42") => new(
        id, "access", "delete", 1234, "alice", new DateTimeOffset(2026, 12, 4, 16, 0, 0, TimeSpan.Zero),
        987654321098765432, "Guild", 111, "Voice");

    [Fact]
    public void Create_newRecording_writesFiveFilesAndUsersPrologue()
    {
        using var folder = new TempFolder();

        using (IRawRecordingWriter writer = RawRecording.Create(folder.Path, Info()))
        {
            writer.Id.ShouldBe("rec42");
        }

        foreach (string suffix in new[] { ".ogg.header1", ".ogg.header2", ".ogg.data", ".ogg.users", ".ogg.info" })
        {
            File.Exists(folder.File("rec42" + suffix)).ShouldBeTrue(suffix);
        }

        File.ReadAllText(folder.File("rec42.ogg.users")).ShouldBe("\"0\":{}\n");
    }

    [Theory]
    [InlineData("")]
    [InlineData("../x")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a.b")]
    [InlineData("*")]
    public void Create_invalidId_throwsInvalidName(string id)
    {
        using var folder = new TempFolder();

        var error = Should.Throw<RawRecordingException>(() => RawRecording.Create(folder.Path, Info(id)));

        error.Kind.ShouldBe(RawRecordingErrorKind.InvalidName);
    }

    [Fact]
    public void Create_folderWithParentSegment_throwsInvalidName()
    {
        using var folder = new TempFolder();

        var error = Should.Throw<RawRecordingException>(
            () => RawRecording.Create(folder.Path + "/../escape", Info()));

        error.Kind.ShouldBe(RawRecordingErrorKind.InvalidName);
    }

    [Fact]
    public void Create_existingRecording_throwsAlreadyExistsAndKeepsFiles()
    {
        using var folder = new TempFolder();
        using (IRawRecordingWriter writer = RawRecording.Create(folder.Path, Info()))
        {
            writer.AddTrack(new RawUser(1, 5, "bob", null, "0", false));
        }

        long before = new FileInfo(folder.File("rec42.ogg.users")).Length;

        var error = Should.Throw<RawRecordingException>(() => RawRecording.Create(folder.Path, Info()));

        error.Kind.ShouldBe(RawRecordingErrorKind.AlreadyExists);
        new FileInfo(folder.File("rec42.ogg.users")).Length.ShouldBe(before);
    }

    [Fact]
    public void WriteAudio_onePacket_writesAudioPageThenEmptyReferencePage()
    {
        using var folder = new TempFolder();
        var writer = (RawRecordingWriter)RawRecording.Create(folder.Path, Info());
        using (writer)
        {
            writer.AddTrack(new RawUser(1, 5, "bob", null, "0", false));
            writer.WriteAudio(1, 960, [0xFC, 1, 2, 3], 123456);
            writer.WriteAudio(1, 1920, [0xFC, 4], 124416);
        }

        writer.Stats.ShouldBe(new RawWriterStats(1, 2, new FileInfo(folder.File("rec42.ogg.data")).Length));
        Should.Throw<ObjectDisposedException>(() => writer.WriteAudio(1, 2880, [0xFC], 0));

        using var reader = new OggPageReader(File.OpenRead(folder.File("rec42.ogg.data")));
        OggPage[] pages = reader.ReadPages().ToArray();

        pages.Select(p => p.Sequence).ShouldBe([2u, 3u, 4u, 5u]);
        pages.Select(p => p.GranulePosition).ShouldBe([960ul, 123456ul, 1920ul, 124416ul]);
        pages.Select(p => p.Body.Length).ShouldBe([4, 0, 2, 0]);
        pages.ShouldAllBe(p => p.Serial == 1 && p.HeaderType == OggHeaderType.None);
        reader.Stats.CorruptPages.ShouldBe(0);
    }

    [Fact]
    public void AddTrack_twoTracks_writesHeaderPagesAndUserLines()
    {
        using var folder = new TempFolder();
        using (IRawRecordingWriter writer = RawRecording.Create(folder.Path, Info()))
        {
            writer.AddTrack(new RawUser(1, 5, "bob", "Bob B", "0", false));
            writer.AddTrack(new RawUser(2, 6, "eve\n\"x\"", null, "1234", true));
        }

        using var header1 = new OggPageReader(File.OpenRead(folder.File("rec42.ogg.header1")));
        OggPage[] heads = header1.ReadPages().ToArray();
        heads.Select(p => p.Serial).ShouldBe([1u, 2u]);
        heads.ShouldAllBe(p => p.Sequence == 0 && p.GranulePosition == 0 && p.IsBeginningOfStream);
        OpusHead.TryParse(heads[0].Body.Span, out OpusHead head).ShouldBeTrue();
        head.ShouldBe(new OpusHead(1, 2, 3840, 48000, 0, 0));

        using var header2 = new OggPageReader(File.OpenRead(folder.File("rec42.ogg.header2")));
        OggPage[] tags = header2.ReadPages().ToArray();
        tags.ShouldAllBe(p => p.Sequence == 1 && p.GranulePosition == 0 && p.HeaderType == OggHeaderType.None);
        OpusTags.TryParse(tags[1].Body.Span, out OpusTags? parsed).ShouldBeTrue();
        parsed!.Comments.ShouldBeEmpty();

        string[] lines = File.ReadAllText(folder.File("rec42.ogg.users")).Split('\n');
        lines.Length.ShouldBe(4);
        lines[0].ShouldBe("\"0\":{}");
        lines[1].ShouldStartWith(",\"1\":{");
        lines[2].ShouldStartWith(",\"2\":{");
        lines[3].ShouldBe(string.Empty);
    }

    [Fact]
    public void WriteAudio_unknownTrack_throwsInvalidTrack()
    {
        using var folder = new TempFolder();
        using IRawRecordingWriter writer = RawRecording.Create(folder.Path, Info());

        var error = Should.Throw<RawRecordingException>(() => writer.WriteAudio(3, 960, [0xFC], 0));

        error.Kind.ShouldBe(RawRecordingErrorKind.InvalidTrack);
    }

    [Fact]
    public void WriteAudio_concurrentTracks_keepsEveryPageWholeAndSequencesPerTrack()
    {
        using var folder = new TempFolder();
        const int tracks = 4;
        const int packets = 500;
        using (IRawRecordingWriter writer = RawRecording.Create(folder.Path, Info()))
        {
            for (int t = 1; t <= tracks; t++)
            {
                writer.AddTrack(new RawUser(t, (ulong)t, "u" + t, null, "0", false));
            }

            Parallel.For(1, tracks + 1, t =>
            {
                var packet = new byte[40 + t];
                for (int i = 0; i < packets; i++)
                {
                    packet[0] = 0xFC;
                    writer.WriteAudio(t, (ulong)((i + 1) * 960), packet, (uint)i);
                }
            });
        }

        using var reader = new OggPageReader(File.OpenRead(folder.File("rec42.ogg.data")));
        OggPage[] pages = reader.ReadPages().ToArray();

        reader.Stats.CorruptPages.ShouldBe(0);
        pages.Length.ShouldBe(tracks * packets * 2);
        foreach (IGrouping<uint, OggPage> track in pages.GroupBy(p => p.Serial))
        {
            track.Select(p => p.Sequence).ShouldBe(Enumerable.Range(2, packets * 2).Select(i => (uint)i));
        }
    }
}
