namespace Pandora.Tests.EndToEnd;

/// <summary>
/// Finds where a reference clip sits inside a recorded track by normalised cross-correlation. Both signals are
/// 48 kHz mono; the search runs on a 8 kHz average (a factor of 6) so a ±200 ms window over a few seconds of
/// speech stays cheap, then refines at 48 kHz around the best coarse lag.
/// </summary>
internal static class Alignment
{
    private const int Factor = 6;

    /// <summary>The result of a search: where the clip starts in the track (48 kHz samples) and how alike the
    /// two are there (1 = identical shape).</summary>
    internal readonly record struct Match(int Start, double Correlation);

    internal static Match Find(float[] track, float[] clip, int expectedStart, int radius)
    {
        var coarseTrack = Decimate(track);
        var coarseClip = Decimate(clip);
        var from = Math.Max(0, (expectedStart - radius) / Factor);
        var to = Math.Min(coarseTrack.Length - 1, (expectedStart + radius) / Factor);
        var best = new Match(expectedStart, double.NegativeInfinity);
        for (var lag = from; lag <= to; lag++)
        {
            var c = Correlate(coarseTrack, coarseClip, lag);
            if (c > best.Correlation)
            {
                best = new Match(lag * Factor, c);
            }
        }

        var fine = new Match(best.Start, Correlate(track, clip, best.Start));
        for (var lag = Math.Max(0, best.Start - Factor); lag <= best.Start + Factor; lag++)
        {
            var c = Correlate(track, clip, lag);
            if (c > fine.Correlation)
            {
                fine = new Match(lag, c);
            }
        }

        return fine;
    }

    /// <summary>Normalised correlation of <paramref name="clip"/> against <paramref name="track"/> starting at
    /// <paramref name="start"/>; the part of the clip past the end of the track counts as silence.</summary>
    internal static double Correlate(float[] track, float[] clip, int start)
    {
        double dot = 0, energyTrack = 0, energyClip = 0;
        for (var i = 0; i < clip.Length; i++)
        {
            var t = start + i < track.Length && start + i >= 0 ? track[start + i] : 0f;
            dot += t * clip[i];
            energyTrack += t * t;
            energyClip += clip[i] * (double)clip[i];
        }

        var norm = Math.Sqrt(energyTrack * energyClip);
        return norm < 1e-9 ? 0 : dot / norm;
    }

    /// <summary>Root-mean-square level of a stretch of a track.</summary>
    internal static double Rms(float[] track, int start, int length)
    {
        double sum = 0;
        var n = 0;
        for (var i = Math.Max(0, start); i < Math.Min(track.Length, start + length); i++, n++)
        {
            sum += track[i] * (double)track[i];
        }

        return n == 0 ? 0 : Math.Sqrt(sum / n);
    }

    private static float[] Decimate(float[] samples)
    {
        var result = new float[samples.Length / Factor];
        for (var i = 0; i < result.Length; i++)
        {
            float sum = 0;
            for (var j = 0; j < Factor; j++)
            {
                sum += samples[i * Factor + j];
            }

            result[i] = sum / Factor;
        }

        return result;
    }
}
