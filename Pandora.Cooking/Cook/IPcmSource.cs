namespace Pandora.Cooking.Cook;

/// <summary>A stream of 48 kHz stereo PCM read in order; not thread-safe.</summary>
internal interface IPcmSource
{
    /// <summary>Fills all of <paramref name="stereo"/> (interleaved L/R, samples in about [-1, 1]) with the next
    /// frames; silence after the end.</summary>
    void Read(Span<float> stereo);
}
