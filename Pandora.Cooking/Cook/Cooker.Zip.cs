using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Pandora.Cooking.Cook;

public sealed partial class Cooker
{
    /// <summary>Name of the text file in every zip that describes the recording.</summary>
    public const string ZipInfoName = "info.txt";

    // info.txt first, then one entry per track, "<track>-<safe name>.<ext>". The first track is encoded straight
    // into the zip; the next ones are encoded at the same time, one per spare core, into temporary files (deleted on
    // close) that are copied in as their turn comes. A track starts only when a slot is free, and a slot is freed
    // when its file has been copied, in track order: at most that many temporary files exist at once, whatever the
    // number of speakers. The zip is written forwards only, so the output need not be seekable.
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

        int count = session.Tracks.Count;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var slots = new SemaphoreSlim(Math.Max(1, Environment.ProcessorCount - 1));
        var started = new TaskCompletionSource<Task<FileStream>>[count];
        for (int i = 0; i < count; i++)
        {
            started[i] = new TaskCompletionSource<Task<FileStream>>(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        Task starter = Task.Run(() => StartTracksAsync(session, options, renderers, counter, slots, started,
            stop.Token), CancellationToken.None);
        try
        {
            // WAV deflates a little, fast; the other formats are already compressed.
            CompressionLevel level = options.Format == CookFormat.Wav
                ? CompressionLevel.Fastest
                : CompressionLevel.NoCompression;
            for (int index = 0; index < count; index++)
            {
                using Stream entry = zip.CreateEntry(EntryName(session, index, options), level).Open();
                if (index == 0)
                {
                    IPcmSource source = OpenTrack(session, index, options, renderers, counter, ct);
                    Encode(source, session.Samples, options, entry, ct);
                    continue;
                }

                using (FileStream file = started[index].Task.GetAwaiter().GetResult().GetAwaiter().GetResult())
                {
                    CopyTo(file, entry, ct);
                }

                slots.Release();
            }
        }
        finally
        {
            stop.Cancel();
            starter.GetAwaiter().GetResult();
            foreach (TaskCompletionSource<Task<FileStream>> track in started)
            {
                if (track.Task.IsCompletedSuccessfully)
                {
                    try
                    {
                        track.Task.Result.GetAwaiter().GetResult().Dispose();
                    }
                    catch (Exception)
                    {
                        // Cancelled with the rest, or already thrown above.
                    }
                }
            }
        }
    }

    // Starts tracks 1.. in order, each when a slot is free; never throws (a failure reaches the consumer through
    // the tracks not started).
    private static async Task StartTracksAsync(
        Session session,
        CookOptions options,
        TrackRenderer?[] renderers,
        ProgressCounter counter,
        SemaphoreSlim slots,
        TaskCompletionSource<Task<FileStream>>[] started,
        CancellationToken ct)
    {
        int index = 1;
        try
        {
            for (; index < started.Length; index++)
            {
                await slots.WaitAsync(ct).ConfigureAwait(false);
                int track = index;
                started[index].SetResult(Task.Run(
                    () => EncodeToTemporary(session, track, options, renderers, counter, ct), ct));
            }
        }
        catch (OperationCanceledException)
        {
            for (; index < started.Length; index++)
            {
                started[index].TrySetCanceled(ct);
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
