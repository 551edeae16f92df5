using System.Security.Cryptography;
using System.Text;
using Pandora.Cooking.Raw;

namespace Pandora.Host.Http;

/// <summary>
/// Finds recordings by id, for the HTTP server and the CLI. An id is checked against
/// <see cref="RawRecordingFiles.IsValidId"/> before any path is built from it, and files are found by their exact
/// names, never by prefix.
/// </summary>
/// <remarks>
/// The rule for "still being written": the recorder writes into <c>&lt;work&gt;/&lt;id&gt;/</c>, seals the info
/// file with <c>endSamples</c> when the recording stops, then moves the folder to <c>&lt;store&gt;/&lt;id&gt;/</c>.
/// So a recording is ready when its folder is in the store and no longer in the working folder (a move across file
/// systems copies first), or when it is only in the working folder but sealed (the move failed); it is still
/// being written when it is only in the working folder and not sealed, or in both.
/// </remarks>
public sealed class RecordingStore(string storeFolder, string workFolder)
{
    public string StoreFolder { get; } = Path.GetFullPath(storeFolder);

    public string WorkFolder { get; } = Path.GetFullPath(workFolder);

    /// <summary>Finds recording <paramref name="id"/>; <paramref name="folder"/> is where its files are.</summary>
    public RecordingState Find(string? id, out string folder)
    {
        folder = "";
        if (!RawRecordingFiles.IsValidId(id))
        {
            return RecordingState.NotFound;
        }

        string stored = Path.Combine(StoreFolder, id!);
        string working = Path.Combine(WorkFolder, id!);
        bool inStore = HasRecording(stored, id!);
        bool inWork = HasRecording(working, id!);
        if (inStore && !inWork)
        {
            folder = stored;
            return RecordingState.Ready;
        }

        if (inWork && !inStore)
        {
            folder = working;
            return IsSealed(working, id!) ? RecordingState.Ready : RecordingState.StillRecording;
        }

        return inStore ? RecordingState.StillRecording : RecordingState.NotFound;
    }

    /// <summary>True when <paramref name="key"/> is the recording's access key (compared in constant time).
    /// A recording without a key in its info file accepts none.</summary>
    public static bool KeyMatches(RawRecordingMetadata? info, string? key)
    {
        if (string.IsNullOrEmpty(key) || info?.AccessKey is not { Length: > 0 } expected)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(expected));
    }

    private static bool HasRecording(string folder, string id) =>
        File.Exists(Path.Combine(folder, id + RawRecordingFiles.Header1)) &&
        File.Exists(Path.Combine(folder, id + RawRecordingFiles.Data));

    private static bool IsSealed(string folder, string id)
    {
        try
        {
            return RawRecording.Open(folder, id).Info?.EndSamples is not null;
        }
        catch (RawRecordingException)
        {
            return false;
        }
    }
}
