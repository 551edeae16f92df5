namespace Pandora.Cooking.Cook;

/// <summary>How far a cook has come: audio rendered so far out of all it will render, in 48 kHz samples summed
/// over every track (a mix of four tracks of one hour renders four hours).</summary>
public readonly record struct CookProgress(long Done, long Total)
{
    /// <summary>Between 0 and 1.</summary>
    public double Fraction => Total <= 0 ? 1 : Math.Clamp((double)Done / Total, 0, 1);
}
