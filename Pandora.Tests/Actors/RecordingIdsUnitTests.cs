using Pandora.Actors;

namespace Pandora.Tests.Actors;

public sealed class RecordingIdsUnitTests
{
    [Fact]
    public void NewKey_has_at_least_72_bits() => RecordingIds.Bits.ShouldBeGreaterThanOrEqualTo(72);

    [Fact]
    public void NewKey_10000_draws_are_distinct_and_alphanumeric()
    {
        var keys = Enumerable.Range(0, 10_000).Select(_ => RecordingIds.NewKey()).ToList();
        keys.Distinct().Count().ShouldBe(10_000);
        keys.ShouldAllBe(k => k.Length == RecordingIds.Length && k.All(char.IsAsciiLetterOrDigit));
    }

    [Fact]
    public void NewKey_uses_the_whole_alphabet()
    {
        var seen = new HashSet<char>(Enumerable.Range(0, 2_000).SelectMany(_ => RecordingIds.NewKey()));
        seen.Count.ShouldBe(62);
    }

    [Fact]
    public void NewRecordingId_never_returns_a_taken_id()
    {
        var root = Path.Combine(Path.GetTempPath(), "pandora-ids-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            var ids = new HashSet<string>();
            for (var i = 0; i < 200; i++)
            {
                var id = RecordingIds.NewRecordingId(root, Path.Combine(root, "missing"));
                ids.Add(id).ShouldBeTrue();
                if (i % 2 == 0)
                {
                    Directory.CreateDirectory(Path.Combine(root, id));
                }
                else
                {
                    File.WriteAllText(Path.Combine(root, id + ".ogg.data"), "");
                }

                Directory.Exists(Path.Combine(root, id)).ShouldBe(i % 2 == 0);
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
