namespace Pandora.Cooking.Cook;

/// <summary>Multiplies another source by a fixed gain.</summary>
internal sealed class GainSource(IPcmSource inner, float gain) : IPcmSource
{
    public void Read(Span<float> stereo)
    {
        inner.Read(stereo);
        if (gain == 1f)
        {
            return;
        }

        for (int i = 0; i < stereo.Length; i++)
        {
            stereo[i] *= gain;
        }
    }
}
