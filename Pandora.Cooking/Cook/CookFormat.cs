namespace Pandora.Cooking.Cook;

/// <summary>The audio format of a cooked file (of the mix, or of every file in the zip).</summary>
public enum CookFormat
{
    /// <summary>Ogg Opus, encoded in process with Concentus (the default). Extension <c>.ogg</c>.</summary>
    Opus = 0,

    /// <summary>Ogg Vorbis, encoded by <c>ffmpeg</c> (libvorbis). Extension <c>.ogg</c>.</summary>
    Vorbis = 1,

    /// <summary>FLAC, encoded by <c>ffmpeg</c> or Debian's <c>flac</c> program. Extension <c>.flac</c>.</summary>
    Flac = 2,

    /// <summary>16-bit PCM RIFF/WAVE, written in process. Extension <c>.wav</c>; at most 4 GiB per file.</summary>
    Wav = 3,

    /// <summary>MP3, encoded by <c>ffmpeg</c> (libmp3lame) or Debian's <c>lame</c> program. Extension <c>.mp3</c>.
    /// </summary>
    Mp3 = 4,

    /// <summary>AAC in an MPEG-4 audio file, encoded by <c>ffmpeg</c>. Extension <c>.m4a</c>.</summary>
    Aac = 5,
}
