namespace Pandora.Tests.EndToEnd;

public sealed class AlignmentUnitTests
{
    [Fact]
    public void Find_clipPlacedAtKnownOffset_returnsThatOffset()
    {
        var random = new Random(7);
        var clip = new float[9600];
        for (var i = 0; i < clip.Length; i++)
        {
            clip[i] = (float)(random.NextDouble() * 2 - 1) * (float)Math.Sin(i / 200.0);
        }

        var track = new float[48000];
        Array.Copy(clip, 0, track, 12345, clip.Length);

        var match = Alignment.Find(track, clip, expectedStart: 12000, radius: 4800);

        match.Start.ShouldBe(12345);
        match.Correlation.ShouldBeGreaterThan(0.999);
    }

    [Fact]
    public void Correlate_unrelatedNoise_isNearZero()
    {
        var random = new Random(11);
        var a = Enumerable.Range(0, 20000).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
        var b = Enumerable.Range(0, 10000).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();

        Math.Abs(Alignment.Correlate(a, b, 5000)).ShouldBeLessThan(0.05);
    }
}
