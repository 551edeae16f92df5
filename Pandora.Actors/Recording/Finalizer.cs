using Akka.Actor;
using Akka.Event;
using Pandora.Cooking.Raw;

namespace Pandora.Actors.Recording;

/// <summary>Messages of <see cref="FinalizerActor"/>.</summary>
public static class Finalizer
{
    /// <summary>The files are in <paramref name="Folder"/> (the object store, or the working folder when the move
    /// failed and <paramref name="Error"/> says why; empty when a recording without audio was discarded).</summary>
    public sealed record Finished(string Folder, string? Error);

    internal sealed record WorkDone(string Folder);

    internal sealed record WorkFailed(Exception Error);
}

/// <summary>
/// Ends one recording on disk: flushes and disposes the writer first, and only then moves the recording folder
/// into the object-store folder, so no file is moved while it is still being written. Answers
/// <see cref="Finalizer.Finished"/> to its parent and stops.
/// </summary>
public sealed class FinalizerActor : ReceiveActor
{
    private readonly IRawRecordingWriter _writer;
    private readonly string _id;
    private readonly string _sourceFolder;
    private readonly string _storeRoot;
    private readonly bool _discard;
    private readonly ulong _endSamples;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public FinalizerActor(
        IRawRecordingWriter writer,
        string id,
        string sourceFolder,
        string storeRoot,
        bool discard,
        ulong endSamples)
    {
        _discard = discard;
        _endSamples = endSamples;
        _writer = writer;
        _id = id;
        _sourceFolder = sourceFolder;
        _storeRoot = storeRoot;
        Receive<Finalizer.WorkDone>(HandleDone);
        Receive<Finalizer.WorkFailed>(HandleFailed);
    }

    internal static Props Props(
        IRawRecordingWriter writer,
        string id,
        string sourceFolder,
        string storeRoot,
        bool discard,
        ulong endSamples) =>
        Akka.Actor.Props.Create(() => new FinalizerActor(writer, id, sourceFolder, storeRoot, discard, endSamples));

    protected override void PreStart()
    {
        var writer = _writer;
        var source = _sourceFolder;
        var target = Path.Combine(_storeRoot, _id);
        var discard = _discard;
        var end = _endSamples;
        Task.Run(() => Finish(writer, source, target, discard, end)).PipeTo(
            Self,
            success: folder => new Finalizer.WorkDone(folder),
            failure: ex => new Finalizer.WorkFailed(ex));
    }

    private void HandleDone(Finalizer.WorkDone message)
    {
        _log.Info("Recording {RecordingId} stored in {Folder}", _id, message.Folder);
        Context.Parent.Tell(new Finalizer.Finished(message.Folder, null));
        Context.Stop(Self);
    }

    private void HandleFailed(Finalizer.WorkFailed message)
    {
        _log.Error(message.Error, "Recording {RecordingId}: moving to the store failed; files stay in {Folder}",
            _id, _sourceFolder);
        Context.Parent.Tell(new Finalizer.Finished(_sourceFolder, message.Error.Message));
        Context.Stop(Self);
    }

    private static string Finish(
        IRawRecordingWriter writer,
        string source,
        string target,
        bool discard,
        ulong endSamples)
    {
        // The writer must be completely done before any file leaves the working folder.
        try
        {
            writer.Flush();
            if (!discard)
            {
                writer.Seal(endSamples);
            }
        }
        finally
        {
            writer.Dispose();
        }

        if (discard)
        {
            Directory.Delete(source, recursive: true);
            return "";
        }

        if (Path.GetFullPath(source) == Path.GetFullPath(target))
        {
            return target;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
        MoveFolder(source, target);
        return target;
    }

    private static void MoveFolder(string source, string target)
    {
        try
        {
            Directory.Move(source, target);
        }
        catch (IOException) when (!Directory.Exists(target))
        {
            // Another file system: copy, then delete the original.
            Directory.CreateDirectory(target);
            foreach (var file in Directory.EnumerateFiles(source))
            {
                File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
            }

            Directory.Delete(source, recursive: true);
        }
    }
}
