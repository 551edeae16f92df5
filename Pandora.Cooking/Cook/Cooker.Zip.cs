using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Pandora.Cooking.Cook;

public sealed partial class Cooker
{
    /// <summary>Name of the text file in every zip that describes the recording.</summary>
    public const string ZipInfoName = "info.txt";

    // info.txt first, then one entry per track, "<track>-<safe name>.<ext>". The first track is encoded straight
    // into the zip; the others are encoded at the same time, one per spare core, into temporary files (deleted on
    // close) that are copied in as their turn comes. The zip is written forwards only, so the output need not be
    // seekable.
    private static void WriteZip(
        Session session,
        CookOptions options,
        Stream output,
        TrackRenderer?[] renderers,
        ProgressCounter counter,
        CancellationToken ct)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        using (Stream info = zip.CreateEntry(ZipInfoName, CompressionLevel.Fastest).Open())
        {
            info.Write(Encoding.UTF8.GetBytes(Describe(session)));
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var slots = new SemaphoreSlim(Math.Max(1, Environment.ProcessorCount - 1));
        var pending = new Task<FileStream>?[session.Tracks.Count];
        for (int index = 1; index < session.Tracks.Count; index++)
        {
            int track = index;
            pending[index] = Task.Run(async () =>
            {
                // Waiting for a free core holds no thread.
                await slots.WaitAsync(stop.Token).ConfigureAwait(false);
                try
                {
                    return EncodeToTemporary(session, track, options, renderers, counter, stop.Token);
                }
                finally
                {
                    slots.Release();
                }
            }, stop.Token);
        }

        try
        {
            // WAV deflates a little, fast; the other formats are already compressed.
            CompressionLevel level = options.Format == CookFormat.Wav
                ? CompressionLevel.Fastest
                : CompressionLevel.NoCompression;
            for (int index = 0; index < session.Tracks.Count; index++)
            {
                using Stream entry = zip.CreateEntry(EntryName(session, index, options), level).Open();
                if (pending[index] is not { } encoded)
                {
                    IPcmSource source = OpenTrack(session, index, options, renderers, counter, ct);
                    Encode(source, session.Samples, options, entry, ct);
                    continue;
                }

                using FileStream file = encoded.GetAwaiter().GetResult();
                CopyTo(file, entry, ct);
            }
        }
        finally
        {
            stop.Cancel();
            foreach (Task<FileStream>? task in pending)
            {
                if (task is not null)
                {
                    try
                    {
                        task.GetAwaiter().GetResult().Dispose();
                    }
                    catch (Exception)
                    {
                        // Cancelled with the rest, or already thrown above.
                    }
                }
            }
        }
    }

    private static FileStream EncodeToTemporary(
        Session session,
        int index,
        CookOptions options,
        TrackRenderer?[] renderers,
        ProgressCounter counter,
        CancellationToken ct)
    {
        string path = Path.Combine(Path.GetTempPath(), $"pandora-track-{Guid.NewGuid():N}");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
            FileOptions.DeleteOnClose);
        try
        {
            IPcmSource source = OpenTrack(session, index, options, renderers, counter, ct);
            Encode(source, session.Samples, options, file, ct);
            file.Position = 0;
            return file;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static string EntryName(Session session, int index, CookOptions options) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{session.Tracks[index].Number}-{CookNames.SafeFileName(session.Tracks[index].Name)}" +
            $".{CookOptions.ExtensionOf(options.Format)}");

    /// <summary>The text of info.txt: what a person wants to know about the recording, never its keys.</summary>
    private static string Describe(Session session)
    {
        var text = new StringBuilder();
        void Line(string label, object? value) =>
            text.Append(CultureInfo.InvariantCulture, $"{label,-10}{value}\n");

        Line("Recording", session.Id);
        Line("Started", session.Info?.StartTime?.ToUniversalTime().ToString("u", CultureInfo.InvariantCulture));
        Line("Length", TimeSpan.FromSeconds(Math.Round(session.Samples / 48_000.0)).ToString("c",
            CultureInfo.InvariantCulture));
        Line("Guild", session.Info?.Guild);
        Line("Channel", session.Info?.Channel);
        Line("Requester", session.Info?.Requester);
        if (session.Segments.Count > 1)
        {
            Line("Segments", string.Join(", ", session.Segments.Select(s =>
                $"{s.Offset / 48_000.0:F1} s to {(s.Offset + s.Samples) / 48_000.0:F1} s")));
        }

        text.Append("Tracks\n");
        foreach (Session.SessionTrack track in session.Tracks)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {track.Number}: {track.Name}\n");
        }

        return text.ToString();
    }
}
