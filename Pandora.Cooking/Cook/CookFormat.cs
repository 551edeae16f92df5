namespace Pandora.Cooking.Cook;

/// <summary>What <see cref="Cooker"/> produces.</summary>
public enum CookFormat
{
    /// <summary>One Ogg Opus file with every track mixed together (the default).</summary>
    OggOpusMix = 0,

    /// <summary>A zip holding one 16-bit PCM WAV file per track.</summary>
    ZipWav = 1,

    /// <summary>A zip holding one FLAC file per track, encoded by an external <c>ffmpeg</c> or <c>flac</c>.</summary>
    ZipFlac = 2,
}
