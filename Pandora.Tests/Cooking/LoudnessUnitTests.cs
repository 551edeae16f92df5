using Pandora.Cooking.Cook;

namespace Pandora.Tests.Cooking;

public sealed class LoudnessUnitTests
{
    private const int Rate = 48_000;

    [Fact]
    public void MeasureGain_silence_keepsGainOne()
    {
        Loudness.MeasureGain(new ToneSource(0, 0, 0), 2 * Rate, CancellationToken.None).ShouldBe(1f);
    }

    [Fact]
    public void MeasureGain_quietSine_bringsItsLevelToTheTarget()
    {
        // A sine of amplitude 0.01 has a mean square of 0.00005: -43 dB, so +23 dB reaches -20 dB.
        float gain = Loudness.MeasureGain(new ToneSource(0.01f, 0, 10 * Rate), 10 * Rate, CancellationToken.None);

        (20 * Math.Log10(gain)).ShouldBe(23, 0.2);
    }

    [Fact]
    public void MeasureGain_speakerMostlySilent_gatesTheSilenceOut()
    {
        // One second of speech in ten: gating keeps the level of the speech (10 dB lower would mean ungated), within
        // the dB that blocks straddling its edges cost.
        float gain = Loudness.MeasureGain(new ToneSource(0.01f, 0, Rate), 10 * Rate, CancellationToken.None);

        (20 * Math.Log10(gain)).ShouldBe(23, 1.0);
    }

    [Fact]
    public void MeasureGain_quietButWithALoudClick_neverLiftsThePeakPastFullScale()
    {
        var source = new ToneSource(0.001f, 0, 10 * Rate) { ClickAt = Rate, Click = 0.5f };

        float gain = Loudness.MeasureGain(source, 10 * Rate, CancellationToken.None);

        (gain * 0.5f).ShouldBeLessThan(1f);
        gain.ShouldBe(0.99f / 0.5f, 0.01f);
    }

    private sealed class ToneSource(float amplitude, long from, long to) : IPcmSource
    {
        private long _at;

        public long ClickAt { get; init; } = -1;

        public float Click { get; init; }

        public void Read(Span<float> stereo)
        {
            for (int i = 0; i < stereo.Length / 2; i++, _at++)
            {
                float v = _at >= from && _at < to ? amplitude * (float)Math.Sin(2 * Math.PI * 440 * _at / Rate) : 0;
                v = _at == ClickAt ? Click : v;
                stereo[2 * i] = stereo[(2 * i) + 1] = v;
            }
        }
    }
}
