using Pandora.Cooking.Ogg;

namespace Pandora.Tests.Cooking;

public sealed class OggPageReaderUnitTests
{
    [Fact]
    public void ReadPages_randomBytes_neverThrowsAndFindsNothing()
    {
        var random = new Random(1234);
        for (int run = 0; run < 200; run++)
        {
            var bytes = new byte[random.Next(0, 4000)];
            random.NextBytes(bytes);
            if (bytes.Length > 10)
            {
                "OggS"u8.CopyTo(bytes.AsSpan(random.Next(0, bytes.Length - 4)));
            }

            using var reader = new OggPageReader(new MemoryStream(bytes));

            reader.ReadPages().Count().ShouldBe(0);
            reader.Stats.SkippedBytes.ShouldBe(bytes.Length);
        }
    }

    [Fact]
    public void ReadPages_validPagesBetweenGarbage_resyncsToEach()
    {
        var page = new byte[OggPageWriter.GetSinglePageLength(300)];
        OggPageWriter.WriteSinglePage(page, OggHeaderType.None, 960, 3, 2, new byte[300]);
        byte[] stream = [.. "xxOggS\0"u8, .. page, 1, 2, 3, .. page[..100], .. page];

        using var reader = new OggPageReader(new MemoryStream(stream));
        OggPage[] pages = reader.ReadPages().ToArray();

        pages.Length.ShouldBe(2);
        pages.ShouldAllBe(p => p.Body.Length == 300 && p.Serial == 3);
        reader.Stats.CorruptPages.ShouldBe(2);
    }

    [Fact]
    public void ReadPages_unknownFlagOrVersion_rejectsPage()
    {
        var page = new byte[OggPageWriter.GetSinglePageLength(5)];
        OggPageWriter.WriteSinglePage(page, (OggHeaderType)0x08, 960, 1, 2, new byte[5]);
        var versioned = new byte[page.Length];
        OggPageWriter.WriteSinglePage(versioned, OggHeaderType.None, 960, 1, 2, new byte[5]);
        versioned[4] = 1;

        using var reader = new OggPageReader(new MemoryStream([.. page, .. versioned]));

        reader.ReadPages().ShouldBeEmpty();
        reader.Stats.CorruptPages.ShouldBe(2);
    }
}
