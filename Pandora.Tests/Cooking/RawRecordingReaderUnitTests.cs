using System.Text;
using Pandora.Cooking.Ogg;
using Pandora.Cooking.Raw;

namespace Pandora.Tests.Cooking;

public sealed class RawRecordingReaderUnitTests
{
    [Fact]
    public void ReadPackets_afterWriter_returnsPacketsWithGranulesAndSkipsReferences()
    {
        using var folder = new TempFolder();
        using (IRawRecordingWriter writer = RawRecording.Create(folder.Path, RawRecordingWriterUnitTests.Info()))
        {
            writer.AddTrack(new RawUser(1, 5, "bob", "Bobby", "0", false));
            writer.AddTrack(new RawUser(2, 6, "eve\n\"x\",", null, "1234", true));
            writer.WriteAudio(1, 960, [0xFC, 1], 1000);
            writer.WriteAudio(2, 4800, [0xFC, 2, 2], 7);
            writer.WriteAudio(1, 1920, [0xFC, 3, 3, 3], 1960);
            writer.WriteAudio(1, 2880, [], 2920);
        }

        RawRecordingReader reader = RawRecording.Open(folder.Path, "rec42");
        RawAudioPacket[] packets = reader.ReadPackets().ToArray();

        packets.Select(p => (p.Track, p.Granule, p.Packet.Length)).ShouldBe([(1, 960ul, 2), (2, 4800ul, 3),
            (1, 1920ul, 4)]);
        reader.LastStats.ReferencePages.ShouldBe(5);
        reader.ReadPackets(2).Select(p => p.Granule).ShouldBe([4800ul]);
        reader.Tracks.Keys.Order().ShouldBe([1, 2]);
        reader.Users[1].DisplayName.ShouldBe("Bobby");
        reader.Users[2].ShouldBe(new RawTrackUser(2, "6", "eve\n\"x\",", "1234", null, true));
    }

    [Fact]
    public void Open_info_readsBothShapesFromOurFile()
    {
        using var folder = new TempFolder();
        RawRecording.Create(folder.Path, RawRecordingWriterUnitTests.Info()).Dispose();

        RawRecordingMetadata info = RawRecording.Open(folder.Path, "rec42").Info!;

        info.ShouldBe(new RawRecordingMetadata(1, "access", "delete", "alice", "1234",
            new DateTimeOffset(2026, 12, 4, 16, 0, 0, TimeSpan.Zero), "Guild", "987654321098765432", "Voice",
            "111"));
    }

    [Fact]
    public void Open_info_writesCraigAndPandoraFields()
    {
        using var folder = new TempFolder();
        RawRecording.Create(folder.Path, RawRecordingWriterUnitTests.Info()).Dispose();

        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(folder.File("rec42.ogg.info")));
        System.Text.Json.JsonElement root = json.RootElement;

        root.GetProperty("format").GetInt32().ShouldBe(1);
        root.GetProperty("key").GetString().ShouldBe("access");
        root.GetProperty("delete").GetString().ShouldBe("delete");
        root.GetProperty("requester").GetString().ShouldBe("alice");
        root.GetProperty("requesterId").GetString().ShouldBe("1234");
        root.GetProperty("guild").GetString().ShouldBe("Guild#987654321098765432");
        root.GetProperty("channel").GetString().ShouldBe("Voice");
        root.GetProperty("startTime").GetString().ShouldBe("2026-12-04T16:00:00.000Z");
        root.GetProperty("startTimeMs").GetInt64().ShouldBe(1796400000000);
        root.GetProperty("guildExtra").GetProperty("id").GetString().ShouldBe("987654321098765432");
    }

    [Fact]
    public void Open_pandoraAndCraigMetadata_readsBothShapes()
    {
        using var folder = new TempFolder();
        WriteForeignRecording(folder, "100");
        File.WriteAllText(folder.File("100.ogg.users"),
            "\"0\":{}\n,\"1\":{\"id\":\"42\",\"name\":\"old\",\"discrim\":\"0001\"}\n"
            + ",\"2\":{\"id\":\"43\",\"username\":\"new\",\"discriminator\":\"0\",\"globalName\":\"New One\","
            + "\"bot\":false,\"avatar\":\"data:x\"}\n,\"3\":{\"id\":\"44\",\"usern");
        File.WriteAllText(folder.File("100.ogg.info"),
            "{\"key\":123,\"delete\":\"d\",\"requester\":\"r#1\",\"requesterId\":\"9\",\"startTime\":\"1600952189760\","
            + "\"guild\":\"G\",\"channel\":\"C\"}");

        RawRecordingReader reader = RawRecording.Open(folder.Path, "100");

        reader.Users.Count.ShouldBe(2);
        reader.Users[1].ShouldBe(new RawTrackUser(1, "42", "old", "0001", null, false));
        reader.Users[2].DisplayName.ShouldBe("New One");
        reader.Info!.AccessKey.ShouldBe("123");
        reader.Info.StartTime.ShouldBe(DateTimeOffset.FromUnixTimeMilliseconds(1600952189760));
        reader.Info.Guild.ShouldBe("G");
        reader.Info.Format.ShouldBeNull();
    }

    [Fact]
    public void Open_idIsPrefixOfAnother_neverPicksTheOther()
    {
        using var folder = new TempFolder();
        WriteForeignRecording(folder, "123");

        var error = Should.Throw<RawRecordingException>(() => RawRecording.Open(folder.Path, "12"));

        error.Kind.ShouldBe(RawRecordingErrorKind.NotFound);
    }

    [Fact]
    public void ReadPackets_pandoraLacing_readsMultipleOf255AndEmptyPackets()
    {
        // Pandora's writer gives a 255-byte packet one lacing value of 255 and no terminating 0, and an empty
        // packet no lacing value at all. The reader takes each page's whole body as its packet.
        using var folder = new TempFolder();
        WriteForeignRecording(folder, "100");
        using (var data = new FileStream(folder.File("100.ogg.data"), FileMode.Create))
        {
            data.Write(PandoraStylePage(1, 960, 2, new byte[255]));
            data.Write(PandoraStylePage(1, 0, 3, []));
            data.Write(PandoraStylePage(1, 1920, 4, new byte[510]));
        }

        RawRecordingReader reader = RawRecording.Open(folder.Path, "100");

        reader.ReadPackets().Select(p => p.Packet.Length).ShouldBe([255, 510]);
        reader.LastStats.CorruptPages.ShouldBe(0);
        reader.LastStats.ReferencePages.ShouldBe(1);
    }

    [Fact]
    public void ReadPackets_corruptAndTruncatedPages_skipsThemAndKeepsTheRest()
    {
        using var folder = new TempFolder();
        using (IRawRecordingWriter writer = RawRecording.Create(folder.Path, RawRecordingWriterUnitTests.Info()))
        {
            writer.AddTrack(new RawUser(1, 5, "bob", null, "0", false));
            for (int i = 1; i <= 10; i++)
            {
                writer.WriteAudio(1, (ulong)(i * 960), [0xFC, (byte)i, 7, 7, 7], (uint)i);
            }
        }

        byte[] data = File.ReadAllBytes(folder.File("rec42.ogg.data"));
        int pageLength = OggPageWriter.GetSinglePageLength(5) + OggPageWriter.GetSinglePageLength(0);
        data[(2 * pageLength) + 30] ^= 0x55; // body byte of the third audio page: CRC mismatch
        data[(5 * pageLength) + 26] = 255; // segment count of the sixth: lacing runs into the next pages
        byte[] garbage = Encoding.ASCII.GetBytes("OggSjunk");
        File.WriteAllBytes(folder.File("rec42.ogg.data"), [.. data[..^3], .. garbage]);

        RawRecordingReader reader = RawRecording.Open(folder.Path, "rec42");
        byte[] seen = reader.ReadPackets().Select(p => p.Packet.Span[1]).ToArray();

        seen.ShouldBe(new byte[] { 1, 2, 4, 5, 7, 8, 9, 10 });
        reader.LastStats.CorruptPages.ShouldBeGreaterThanOrEqualTo(3);
    }

    [Fact]
    public void ReadPackets_edgeLengths_roundTripByteForByte()
    {
        using var folder = new TempFolder();
        int[] lengths = [1, 254, 255, 256, 510, 511, 1275, 65024];
        var random = new Random(7);
        byte[][] sent = lengths.Select(l => { var p = new byte[l]; random.NextBytes(p); return p; }).ToArray();
        using (IRawRecordingWriter writer = RawRecording.Create(folder.Path, RawRecordingWriterUnitTests.Info()))
        {
            writer.AddTrack(new RawUser(1, 5, "bob", null, "0", false));
            for (int i = 0; i < sent.Length; i++)
            {
                writer.WriteAudio(1, (ulong)((i + 1) * 960), sent[i], (uint)i);
            }
        }

        RawAudioPacket[] read = RawRecording.Open(folder.Path, "rec42").ReadPackets().ToArray();

        read.Select(p => p.Packet.ToArray()).ShouldBe(sent);
        read.Select(p => p.Sequence).ShouldBe([2u, 4u, 6u, 8u, 10u, 12u, 14u, 16u]);
    }

    [Fact]
    public void ReadPackets_whileWriterOpenAfterFlush_seesFlushedPackets()
    {
        using var folder = new TempFolder();
        using IRawRecordingWriter writer = RawRecording.Create(folder.Path, RawRecordingWriterUnitTests.Info());
        writer.AddTrack(new RawUser(1, 5, "bob", null, "0", false));
        writer.WriteAudio(1, 960, [0xFC, 1], 0);
        writer.Flush();

        RawRecordingReader reader = RawRecording.Open(folder.Path, "rec42");

        reader.ReadPackets().Count().ShouldBe(1);
        reader.Users[1].Username.ShouldBe("bob");
    }

    internal static byte[] PandoraStylePage(uint serial, ulong granule, uint sequence, byte[] packet)
    {
        int segments = (packet.Length + 254) / 255;
        var page = new byte[27 + segments + packet.Length];
        for (int i = 0; i < segments; i++)
        {
            page[27 + i] = (byte)Math.Min(255, packet.Length - (i * 255));
        }

        packet.CopyTo(page, 27 + segments);
        OggPageWriter.WriteHeaderAndCrc(page, OggHeaderType.None, granule, serial, sequence, segments);
        return page;
    }

    private static void WriteForeignRecording(TempFolder folder, string id)
    {
        using var header1 = new FileStream(folder.File(id + ".ogg.header1"), FileMode.Create);
        byte[] head = OpusHead.Raw.ToPacket();
        var page = new byte[OggPageWriter.GetSinglePageLength(head.Length)];
        OggPageWriter.WriteSinglePage(page, OggHeaderType.BeginningOfStream, 0, 1, 0, head);
        header1.Write(page);
        File.WriteAllBytes(folder.File(id + ".ogg.data"), []);
    }
}
