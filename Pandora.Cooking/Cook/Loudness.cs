namespace Pandora.Cooking.Cook;

/// <summary>
/// Per-speaker levelling. A first pass measures the speaker's gated level the way ITU-R BS.1770 gates loudness
/// (400 ms blocks every 100 ms, an absolute gate at -70 dB and a relative gate 10 dB below the first average),
/// without the K-weighting filter; the gain then brings that level to <see cref="TargetDb"/>, within
/// [<see cref="MinGainDb"/>, <see cref="MaxGainDb"/>] and never so far that the speaker's loudest sample would
/// pass full scale, so levelling never clips. A speaker with no audio above the gate keeps gain 1.
/// </summary>
internal static class Loudness
{
    public const double TargetDb = -20;
    public const double MaxGainDb = 24;
    public const double MinGainDb = -24;

    private const int Step = 4_800;

    /// <summary>Reads <paramref name="samples"/> frames of <paramref name="source"/> and returns the gain.</summary>
    public static float MeasureGain(IPcmSource source, long samples, CancellationToken ct)
    {
        var stereo = new float[Step * 2];
        var steps = new Queue<double>();
        var histogram = new Histogram();
        double sum = 0, peak = 0;
        for (long at = 0; at < samples; at += Step)
        {
            ct.ThrowIfCancellationRequested();
            int frames = (int)Math.Min(Step, samples - at);
            source.Read(stereo.AsSpan(0, frames * 2));
            double energy = 0;
            for (int i = 0; i < frames * 2; i++)
            {
                energy += stereo[i] * stereo[i];
                peak = Math.Max(peak, Math.Abs(stereo[i]));
            }

            steps.Enqueue(energy / (Step * 2));
            sum += steps.Last();
            if (steps.Count > 4)
            {
                sum -= steps.Dequeue();
            }

            if (steps.Count == 4)
            {
                histogram.Add(sum / 4);
            }
        }

        return GainFor(histogram, peak);
    }

    internal static float GainFor(Histogram histogram, double peak)
    {
        double? level = histogram.GatedLevelDb();
        if (level is null || peak <= 0)
        {
            return 1f;
        }

        double gainDb = Math.Clamp(TargetDb - level.Value, MinGainDb, MaxGainDb);
        return (float)Math.Min(Math.Pow(10, gainDb / 20), 0.99 / peak);
    }

    /// <summary>Block energies in 0.1 dB bins from -70 dB to +10 dB, so memory stays fixed however long the
    /// track: the gates are applied per bin, within 0.1 dB of gating every block.</summary>
    internal sealed class Histogram
    {
        private const double FloorDb = -70;
        private const int Bins = 800;
        private readonly long[] _counts = new long[Bins];
        private readonly double[] _sums = new double[Bins];

        public void Add(double energy)
        {
            if (energy <= 0)
            {
                return;
            }

            double db = 10 * Math.Log10(energy);
            if (db <= FloorDb)
            {
                return;
            }

            int bin = Math.Min(Bins - 1, (int)((db - FloorDb) * 10));
            _counts[bin]++;
            _sums[bin] += energy;
        }

        public double? GatedLevelDb()
        {
            double? all = MeanFrom(0);
            if (all is null)
            {
                return null;
            }

            double relativeDb = (10 * Math.Log10(all.Value)) - 10;
            int first = Math.Clamp((int)((relativeDb - FloorDb) * 10), 0, Bins - 1);
            double? gated = MeanFrom(first) ?? all;
            return 10 * Math.Log10(gated.Value);
        }

        private double? MeanFrom(int first)
        {
            long count = 0;
            double sum = 0;
            for (int i = first; i < Bins; i++)
            {
                count += _counts[i];
                sum += _sums[i];
            }

            return count == 0 ? null : sum / count;
        }
    }
}
