using System.Buffers;

namespace Pandora.Cooking.Raw;

/// <summary>Names and validation of a recording's files: <c>&lt;id&gt;.ogg.header1</c> and its siblings.</summary>
public static class RawRecordingFiles
{
    public const string Header1 = ".ogg.header1";
    public const string Header2 = ".ogg.header2";
    public const string Data = ".ogg.data";
    public const string Users = ".ogg.users";
    public const string Info = ".ogg.info";

    /// <summary>Longest id accepted. Pandora's are up to 9 digits, Craig's 12 characters.</summary>
    public const int MaxIdLength = 64;

    private static readonly SearchValues<char> s_idChars =
        SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_");

    /// <summary>
    /// True for 1 to 64 characters of <c>[0-9A-Za-z_-]</c>: no path separator, dot or wildcard can reach a file
    /// name, and one id can never be a pattern matching another.
    /// </summary>
    public static bool IsValidId(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxIdLength && !id.AsSpan().ContainsAnyExcept(s_idChars);

    /// <summary>The full path of one file of the recording, after validating both parts.</summary>
    /// <exception cref="RawRecordingException">Kind <see cref="RawRecordingErrorKind.InvalidName"/>.</exception>
    public static string GetPath(string directory, string id, string suffix)
    {
        ValidateId(id);
        return Path.Combine(NormalizeDirectory(directory), id + suffix);
    }

    internal static void ValidateId(string id)
    {
        if (!IsValidId(id))
        {
            RawRecordingException.Throw(RawRecordingErrorKind.InvalidName,
                "A recording id is 1 to 64 characters of [0-9A-Za-z_-].");
        }
    }

    /// <summary>
    /// The folder as an absolute path. Rejects an empty name, control characters and <c>..</c> segments, so that a
    /// name built from outside input cannot climb out of the folder it was meant for.
    /// </summary>
    internal static string NormalizeDirectory(string directory)
    {
        if (string.IsNullOrWhiteSpace(directory) || directory.AsSpan().IndexOfAnyInRange('\0', '\x1f') >= 0)
        {
            RawRecordingException.Throw(RawRecordingErrorKind.InvalidName, "The recording folder name is invalid.");
        }

        string[] segments = directory.Split(['/', '\\'], StringSplitOptions.RemoveEmptyEntries);
        if (segments.Any(s => s == ".."))
        {
            RawRecordingException.Throw(RawRecordingErrorKind.InvalidName,
                "The recording folder name must not contain '..'.");
        }

        return Path.GetFullPath(directory);
    }
}
