namespace Pandora.Cooking.Raw;

/// <summary>Entry points to the raw recording format (shared/RAW-FORMAT.md).</summary>
public static class RawRecording
{
    /// <summary>
    /// Starts a recording: creates the folder if needed, writes <c>&lt;id&gt;.ogg.info</c> and opens header1,
    /// header2, data and users (which starts with <c>"0":{}</c>). Nothing existing is overwritten.
    /// </summary>
    /// <exception cref="RawRecordingException">Invalid id or folder, or a file of that id already exists.
    /// </exception>
    /// <exception cref="IOException">The files could not be created.</exception>
    public static IRawRecordingWriter Create(string directory, RawRecordingInfo info) =>
        new RawRecordingWriter(directory, info);

    /// <summary>Opens a finished or still-growing recording for reading; see <see cref="RawRecordingReader"/>.
    /// </summary>
    public static RawRecordingReader Open(string directory, string id) => RawRecordingReader.Open(directory, id);
}
