namespace Pandora.Cooking.Cook;

/// <summary>Sums several sources; tracks that have ended give silence.</summary>
internal sealed class MixSource(IReadOnlyList<IPcmSource> sources) : IPcmSource
{
    private float[] _track = new float[Cooker.FrameSamples * 2];

    public void Read(Span<float> stereo)
    {
        stereo.Clear();
        if (_track.Length < stereo.Length)
        {
            _track = new float[stereo.Length];
        }

        Span<float> track = _track.AsSpan(0, stereo.Length);
        foreach (IPcmSource source in sources)
        {
            source.Read(track);
            for (int i = 0; i < stereo.Length; i++)
            {
                stereo[i] += track[i];
            }
        }
    }
}
