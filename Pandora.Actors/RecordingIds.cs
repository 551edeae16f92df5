using System.Security.Cryptography;

namespace Pandora.Actors;

/// <summary>Random identifiers and keys for recordings. Thread-safe.</summary>
public static class RecordingIds
{
    /// <summary>Characters used: [0-9A-Za-z], 62 symbols, about 5.95 bits each.</summary>
    public const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>Length of ids and keys: 14 characters ≈ 83 bits, above the 72-bit floor.</summary>
    public const int Length = 14;

    /// <summary>Entropy of one identifier in bits.</summary>
    public static double Bits => Length * Math.Log2(Alphabet.Length);

    /// <summary>A uniformly random string from <see cref="RandomNumberGenerator"/> (no modulo bias).</summary>
    public static string NewKey() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>A new recording id whose folder and files exist in none of <paramref name="folders"/>.</summary>
    public static string NewRecordingId(params string[] folders)
    {
        while (true)
        {
            var id = NewKey();
            if (!folders.Any(folder => IsTaken(folder, id)))
            {
                return id;
            }
        }
    }

    private static bool IsTaken(string folder, string id)
    {
        if (!Directory.Exists(folder))
        {
            return false;
        }

        // A subfolder named after the id, or loose "<id>.ogg.*" files; the dot keeps "12" from matching "123".
        return Directory.Exists(Path.Combine(folder, id))
            || Directory.EnumerateFiles(folder, id + ".*").Any();
    }
}
