using Pandora.Cooking.Raw;

namespace Pandora.Cooking.Cook;

/// <summary>How to cook a recording.</summary>
/// <param name="Format">Output format.</param>
/// <param name="Channels">1 (mono downmix) or 2; all outputs are 48 kHz.</param>
/// <param name="Bitrate">Opus bitrate of the mix in bits per second.</param>
/// <param name="FlacEncoderPath">Program used for <see cref="CookFormat.ZipFlac"/>: an <c>ffmpeg</c> or
/// <c>flac</c> binary. Null looks up <c>ffmpeg</c>, then <c>flac</c>, on PATH.</param>
/// <param name="Granules">How to read the data's granules: <see cref="RawGranuleConvention.PacketEnd"/> for our
/// recordings, <see cref="RawGranuleConvention.PacketStart"/> to place Craig's or Pandora's exactly as their cooker
/// does.</param>
public sealed record CookOptions(
    CookFormat Format = CookFormat.OggOpusMix,
    int Channels = 2,
    int Bitrate = 96_000,
    string? FlacEncoderPath = null,
    RawGranuleConvention Granules = RawGranuleConvention.PacketEnd)
{
    public static CookOptions Default { get; } = new();

    internal void Validate()
    {
        if (Channels is not (1 or 2))
        {
            throw new ArgumentOutOfRangeException(nameof(Channels), Channels, "Channels is 1 or 2.");
        }

        if (Bitrate is < 6_000 or > 510_000)
        {
            throw new ArgumentOutOfRangeException(nameof(Bitrate), Bitrate, "Opus bitrates are 6 to 510 kb/s.");
        }

        if (!Enum.IsDefined(Format) || !Enum.IsDefined(Granules))
        {
            throw new ArgumentOutOfRangeException(nameof(Format), Format, "Unknown format.");
        }
    }
}
