using System.Text;

namespace Pandora.Cooking.Cook;

/// <summary>The names people type for formats and containers, and file names made safe.</summary>
public static class CookNames
{
    /// <summary>Format names in the order a page shows them.</summary>
    public static IReadOnlyList<string> Formats { get; } = ["opus", "vorbis", "flac", "wav", "mp3", "aac"];

    /// <summary>Container names.</summary>
    public static IReadOnlyList<string> Containers { get; } = ["mix", "zip"];

    /// <summary>Reads a format name (case-insensitive; <c>ogg</c> means Opus, <c>m4a</c> AAC).</summary>
    public static bool TryParseFormat(string? name, out CookFormat format)
    {
        format = name?.ToLowerInvariant() switch
        {
            "opus" or "ogg" => CookFormat.Opus,
            "vorbis" => CookFormat.Vorbis,
            "flac" => CookFormat.Flac,
            "wav" => CookFormat.Wav,
            "mp3" => CookFormat.Mp3,
            "aac" or "m4a" => CookFormat.Aac,
            _ => (CookFormat)(-1),
        };
        return Enum.IsDefined(format);
    }

    /// <summary>Reads a container name (case-insensitive).</summary>
    public static bool TryParseContainer(string? name, out CookContainer container)
    {
        container = name?.ToLowerInvariant() switch
        {
            "mix" => CookContainer.Mix,
            "zip" => CookContainer.Zip,
            _ => (CookContainer)(-1),
        };
        return Enum.IsDefined(container);
    }

    /// <summary>The lower-case name of a format, as <see cref="TryParseFormat"/> reads it.</summary>
    public static string NameOf(CookFormat format) => Formats[(int)format];

    /// <summary>
    /// A file name part made of <c>[A-Za-z0-9_-]</c> only, at most <paramref name="maxLength"/> characters, never
    /// empty: every other character becomes <c>_</c>, so no separator, dot, drive letter or control character of a
    /// hostile name can reach a file system or a zip entry.
    /// </summary>
    public static string SafeFileName(string? name, int maxLength = 48)
    {
        var safe = new StringBuilder();
        foreach (char c in name ?? string.Empty)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
            if (safe.Length == maxLength)
            {
                break;
            }
        }

        return safe.Length == 0 ? "_" : safe.ToString();
    }
}
