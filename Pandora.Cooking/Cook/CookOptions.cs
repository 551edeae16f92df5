using Pandora.Cooking.Raw;

namespace Pandora.Cooking.Cook;

/// <summary>How to cook a recording.</summary>
/// <param name="Format">Audio format of the mix or of every file in the zip.</param>
/// <param name="Container">One mixed file, or a zip of one file per speaker.</param>
/// <param name="Channels">1 (mono downmix) or 2; all outputs are 48 kHz.</param>
/// <param name="Bitrate">Bitrate of the lossy formats (Opus, Vorbis, MP3, AAC) in bits per second.</param>
/// <param name="Level">True to bring every speaker to the same loudness before mixing or packing (see
/// <see cref="Loudness"/>); costs a second decode of each track.</param>
/// <param name="Encoders">External programs to use; null finds them on PATH once per process
/// (<see cref="AudioEncoders.Default"/>).</param>
/// <param name="Granules">How to read the data's granules; null (the default) tells by the recorder that wrote
/// each segment (<see cref="RawRecordingReader.Granules"/>): the packet's end for ours, its start for Craig's and
/// Pandora's, placed exactly as their cooker does.</param>
public sealed record CookOptions(
    CookFormat Format = CookFormat.Opus,
    CookContainer Container = CookContainer.Mix,
    int Channels = 2,
    int Bitrate = 96_000,
    bool Level = false,
    AudioEncoders? Encoders = null,
    RawGranuleConvention? Granules = null)
{
    public static CookOptions Default { get; } = new();

    /// <summary>The file extension of the cooked file: the format's for a mix, <c>zip</c> for a zip.</summary>
    public string Extension => Container == CookContainer.Zip ? "zip" : ExtensionOf(Format);

    /// <summary>The MIME type of the cooked file.</summary>
    public string ContentType => Container == CookContainer.Zip ? "application/zip" : Format switch
    {
        CookFormat.Opus or CookFormat.Vorbis => "audio/ogg",
        CookFormat.Flac => "audio/flac",
        CookFormat.Wav => "audio/wav",
        CookFormat.Mp3 => "audio/mpeg",
        _ => "audio/mp4",
    };

    /// <summary>The file extension of one file in <paramref name="format"/>, without the dot.</summary>
    public static string ExtensionOf(CookFormat format) => format switch
    {
        CookFormat.Opus or CookFormat.Vorbis => "ogg",
        CookFormat.Flac => "flac",
        CookFormat.Wav => "wav",
        CookFormat.Mp3 => "mp3",
        _ => "m4a",
    };

    internal void Validate()
    {
        if (Channels is not (1 or 2))
        {
            throw new ArgumentOutOfRangeException(nameof(Channels), Channels, "Channels is 1 or 2.");
        }

        if (Bitrate is < 6_000 or > 510_000)
        {
            throw new ArgumentOutOfRangeException(nameof(Bitrate), Bitrate, "Bitrates are 6 to 510 kb/s.");
        }

        if (!Enum.IsDefined(Format) || !Enum.IsDefined(Container) || Granules is { } g && !Enum.IsDefined(g))
        {
            throw new ArgumentOutOfRangeException(nameof(Format), Format, "Unknown format, container or granules.");
        }
    }
}
