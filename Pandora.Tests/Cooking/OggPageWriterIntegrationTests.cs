using System.Text;
using Pandora.Cooking.Ogg;

namespace Pandora.Tests.Cooking;

public sealed class OggPageWriterIntegrationTests
{
    private static readonly int[] s_lengths = [0, 1, 254, 255, 256, 510, 511, 65024, 65025, 65026, 70000];

    [Fact]
    public async Task WritePacket_edgeLengths_ffprobeReportsSameSizes()
    {
        using var folder = new TempFolder();
        string file = WriteStream(folder, s_lengths);

        var (exit, output, errors) = await ExternalTool.RunAsync("ffprobe", "-v", "error", "-show_entries",
            "packet=size", "-of", "default=nw=1:nk=1", file);

        // ffmpeg's Opus parser prints "Packet processing failed" for the empty packet and drops it; the other sizes
        // must come through exactly.
        exit.ShouldBe(0, errors);
        int[] sizes = Encoding.ASCII.GetString(output).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(int.Parse).ToArray();

        sizes.ShouldBe(s_lengths.Where(l => l > 0));
    }

    [Fact]
    public async Task WritePacket_edgeLengthsWithoutEmpty_opusinfoFindsTenPacketsAndNoError()
    {
        using var folder = new TempFolder();
        string file = WriteStream(folder, [.. s_lengths.Where(l => l > 0)]);

        var (exit, output, errors) = await ExternalTool.RunAsync("opusinfo", file);
        string report = Encoding.UTF8.GetString(output) + errors;

        exit.ShouldBe(0, report);
        report.ShouldNotContain("WARNING");
        report.ShouldNotContain("CRC", Case.Insensitive);
        report.ShouldContain("Playback length: 0m:00.180s"); // last granule less the pre-skip, none merged or lost
        report.ShouldContain($"Total data length: {new FileInfo(file).Length} bytes");
    }

    [Fact]
    public async Task WritePacket_emptyPacketBetweenOthers_opusinfoSeesOneEmptyPacket()
    {
        using var folder = new TempFolder();
        string file = WriteStream(folder, [255, 0, 510]);

        var (_, output, errors) = await ExternalTool.RunAsync("opusinfo", file);
        string report = Encoding.UTF8.GetString(output) + errors;

        // Exactly one empty packet: the 0 segment after 255 ended that packet, and the lone 0 segment made one.
        report.Split("Invalid zero byte packet").Length.ShouldBe(2, report);
        report.ShouldNotContain("CRC", Case.Insensitive);
        report.ShouldContain("Playback length: 0m:00.040s"); // last granule less the pre-skip
    }

    [Theory]
    [InlineData(0, new byte[] { 0 })]
    [InlineData(1, new byte[] { 1 })]
    [InlineData(254, new byte[] { 254 })]
    [InlineData(255, new byte[] { 255, 0 })]
    [InlineData(256, new byte[] { 255, 1 })]
    [InlineData(510, new byte[] { 255, 255, 0 })]
    [InlineData(511, new byte[] { 255, 255, 1 })]
    public void WriteSinglePage_length_writesSpecLacing(int length, byte[] lacing)
    {
        var page = new byte[OggPageWriter.GetSinglePageLength(length)];

        OggPageWriter.WriteSinglePage(page, OggHeaderType.None, 7, 1, 2, new byte[length]);

        page[26].ShouldBe((byte)lacing.Length);
        page.AsSpan(27, lacing.Length).ToArray().ShouldBe(lacing);
        using var reader = new OggPageReader(new MemoryStream(page));
        reader.TryReadPage(out OggPage read).ShouldBeTrue();
        read.Body.Length.ShouldBe(length);
        read.LastPacketComplete.ShouldBeTrue();
    }

    [Fact]
    public void WriteSinglePage_tooLong_throws()
    {
        var page = new byte[OggPage.MaxPageLength];

        Should.Throw<ArgumentOutOfRangeException>(() => OggPageWriter.WriteSinglePage(page, OggHeaderType.None, 0, 1,
            0, new byte[OggPage.MaxSinglePagePacketLength + 1]));
    }

    [Fact]
    public void WritePacket_65025Bytes_spansTwoPagesEndingWithZeroSegment()
    {
        using var stream = new MemoryStream();
        var writer = new OggStreamWriter(stream, 9);

        writer.WritePacket(new byte[65025], 960, endOfStream: true);

        stream.Position = 0;
        using var reader = new OggPageReader(stream);
        OggPage[] pages = reader.ReadPages().ToArray();
        pages.Length.ShouldBe(2);
        pages[0].LastPacketComplete.ShouldBeFalse();
        pages[0].GranulePosition.ShouldBe(OggPage.NoGranule);
        pages[0].HeaderType.ShouldBe(OggHeaderType.BeginningOfStream);
        pages[1].Body.Length.ShouldBe(0);
        pages[1].HeaderType.ShouldBe(OggHeaderType.Continued | OggHeaderType.EndOfStream);
        pages[1].GranulePosition.ShouldBe(960ul);
    }

    [Fact]
    public async Task WritePacket_severalPacketsPerPage_ffprobeReportsSameSizes()
    {
        using var folder = new TempFolder();
        string file = WriteStream(folder, [1, 300, 255, 65024, 2, 3, 70000, 4], packetsPerPage: 3);

        var (exit, output, errors) = await ExternalTool.RunAsync("ffprobe", "-v", "error", "-show_entries",
            "packet=size", "-of", "default=nw=1:nk=1", file);

        exit.ShouldBe(0, errors);
        errors.ShouldBeEmpty();
        Encoding.ASCII.GetString(output).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse)
            .ShouldBe([1, 300, 255, 65024, 2, 3, 70000, 4]);
    }

    [Fact]
    public void WritePacket_severalPacketsPerPage_groupsUpToLimitAndEndsPageOnLargePacket()
    {
        using var stream = new MemoryStream();
        var writer = new OggStreamWriter(stream, 5, maxPacketsPerPage: 3);

        writer.WritePacket([1], 960);
        writer.WritePacket([2], 1920);
        writer.WritePacket([3], 2880);
        writer.WritePacket([4], 3840);
        writer.WritePacket(new byte[65000], 4800);
        writer.WritePacket([5], 5760, endOfStream: true);

        stream.Position = 0;
        using var reader = new OggPageReader(stream);
        OggPage[] pages = reader.ReadPages().ToArray();
        pages.Select(p => (p.Body.Length, p.GranulePosition)).ShouldBe([(3, 2880ul), (1, 3840ul), (65000, 4800ul),
            (1, 5760ul)]);
        pages[0].IsBeginningOfStream.ShouldBeTrue();
        pages[3].IsEndOfStream.ShouldBeTrue();
        pages.Select(p => p.Sequence).ShouldBe([0u, 1u, 2u, 3u]);
    }

    // A normal single-stream Ogg Opus file: headers, then packets whose TOC says 20 ms (CELT FB, code 0).
    private static string WriteStream(TempFolder folder, int[] lengths, int packetsPerPage = 1)
    {
        string path = folder.File("lacing.opus");
        using var file = File.Create(path);
        var writer = new OggStreamWriter(file, 0x1234, maxPacketsPerPage: packetsPerPage);

        // Pre-skip 960: opusinfo warns about values below 80 and subtracts it from the playback length.
        writer.WritePacket(new OpusHead(1, 2, 960, 48000, 0, 0).ToPacket(), 0);
        writer.Flush();
        writer.WritePacket(new OpusTags("lacing test").ToPacket(), 0);
        writer.Flush();
        for (int i = 0; i < lengths.Length; i++)
        {
            var packet = new byte[lengths[i]];
            if (packet.Length > 0)
            {
                packet[0] = 0xFC;
            }

            writer.WritePacket(packet, (ulong)((i + 1) * 960), endOfStream: i == lengths.Length - 1);
        }

        return path;
    }
}
