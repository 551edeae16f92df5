using System.Globalization;

namespace Pandora.Cooking.Cook;

/// <summary>
/// The external encoder programs a cook may run: <c>ffmpeg</c> (FLAC, Vorbis, MP3, AAC), Debian's <c>flac</c>
/// (FLAC) and <c>lame</c> (MP3). Opus and WAV need none. Immutable and thread-safe.
/// </summary>
/// <param name="Ffmpeg">Full path of <c>ffmpeg</c>, or null when absent.</param>
/// <param name="Flac">Full path of <c>flac</c>, or null when absent.</param>
/// <param name="Lame">Full path of <c>lame</c>, or null when absent.</param>
public sealed record AudioEncoders(string? Ffmpeg, string? Flac, string? Lame)
{
    private static readonly Lazy<AudioEncoders> s_default = new(() => FindOnPath());

    /// <summary>The programs found on PATH, looked up once per process.</summary>
    public static AudioEncoders Default => s_default.Value;

    /// <summary>No external program: only Opus and WAV can be cooked.</summary>
    public static AudioEncoders None { get; } = new(null, null, null);

    /// <summary>Looks the three programs up on <paramref name="path"/> (PATH when null).</summary>
    public static AudioEncoders FindOnPath(string? path = null)
    {
        string[] folders = (path ?? Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        string? Find(string program) => folders.Select(f => Path.Combine(f, program)).FirstOrDefault(File.Exists);
        return new AudioEncoders(Find("ffmpeg"), Find("flac"), Find("lame"));
    }

    /// <summary>True when <paramref name="format"/> can be cooked with these programs.</summary>
    public bool Supports(CookFormat format) => format switch
    {
        CookFormat.Opus or CookFormat.Wav => true,
        CookFormat.Flac => Ffmpeg is not null || Flac is not null,
        CookFormat.Mp3 => Ffmpeg is not null || Lame is not null,
        _ => Ffmpeg is not null,
    };

    /// <summary>One sentence per format that cannot be cooked, saying which Debian package to install.</summary>
    public IReadOnlyList<string> Problems() =>
    [
        .. Enum.GetValues<CookFormat>().Where(f => !Supports(f)).Select(MissingMessage),
    ];

    /// <summary>The sentence for a format whose encoder is missing.</summary>
    public static string MissingMessage(CookFormat format) => format switch
    {
        CookFormat.Flac => "FLAC needs ffmpeg or flac on PATH (Debian: apt-get install ffmpeg, or flac).",
        CookFormat.Mp3 => "MP3 needs ffmpeg or lame on PATH (Debian: apt-get install ffmpeg, or lame).",
        CookFormat.Vorbis => "Ogg Vorbis needs ffmpeg on PATH (Debian: apt-get install ffmpeg).",
        CookFormat.Aac => "AAC needs ffmpeg on PATH (Debian: apt-get install ffmpeg).",
        _ => $"{format} needs no external encoder.",
    };

    /// <summary>
    /// The command that encodes signed 16-bit little-endian 48 kHz PCM from standard input. When
    /// <see cref="ExternalCommand.WritesFile"/> is true, it writes <paramref name="file"/> instead of standard
    /// output: MP3's LAME header (which tells decoders the encoder delay) and MPEG-4's index are written by
    /// seeking back, so those formats go through a temporary file to keep the timeline exact.
    /// </summary>
    internal ExternalCommand CommandFor(CookFormat format, int channels, int bitrate, string file)
    {
        string ac = channels.ToString(CultureInfo.InvariantCulture);
        string kbps = (bitrate / 1000).ToString(CultureInfo.InvariantCulture);
        if (format == CookFormat.Flac && Ffmpeg is null && Flac is not null)
        {
            return new ExternalCommand(Flac, false,
            [
                "--silent", "--force-raw-format", "--endian=little", "--sign=signed", $"--channels={ac}",
                "--bps=16", "--sample-rate=48000", "--stdout", "-",
            ]);
        }

        if (format == CookFormat.Mp3 && Ffmpeg is null && Lame is not null)
        {
            return new ExternalCommand(Lame, true,
            [
                "--quiet", "-r", "-s", "48", "--bitwidth", "16", "--signed", "--little-endian",
                "-m", channels == 1 ? "m" : "j", "-b", kbps, "-", file,
            ]);
        }

        if (Ffmpeg is null)
        {
            throw new CookingException(CookingErrorKind.EncoderMissing, MissingMessage(format));
        }

        string[] input =
        [
            "-nostdin", "-hide_banner", "-loglevel", "error", "-y", "-f", "s16le", "-ar", "48000", "-ac", ac,
            "-i", "pipe:0",
        ];
        return format switch
        {
            CookFormat.Flac => new ExternalCommand(Ffmpeg, false, [.. input, "-c:a", "flac", "-f", "flac", "pipe:1"]),
            CookFormat.Vorbis => new ExternalCommand(Ffmpeg, false,
                [.. input, "-c:a", "libvorbis", "-b:a", kbps + "k", "-f", "ogg", "pipe:1"]),
            CookFormat.Mp3 => new ExternalCommand(Ffmpeg, true,
                [.. input, "-c:a", "libmp3lame", "-b:a", kbps + "k", "-f", "mp3", file]),
            CookFormat.Aac => new ExternalCommand(Ffmpeg, true,
                [.. input, "-c:a", "aac", "-b:a", kbps + "k", "-f", "ipod", file]),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Encoded in process."),
        };
    }
}

/// <summary>An encoder process: program, arguments, and whether it writes a file rather than standard output.
/// </summary>
internal sealed record ExternalCommand(string Program, bool WritesFile, string[] Arguments);
