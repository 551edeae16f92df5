using Microsoft.Extensions.Logging;
using Pandora.Cooking.Cook;
using Pandora.Cooking.Raw;
using Pandora.Host.Http;

namespace Pandora.Host;

/// <summary>
/// <c>pandora cook &lt;id or folder&gt; [--format opus|vorbis|flac|wav|mp3|aac] [--container mix|zip] [--level]
/// [--output path]</c>: cooks a recording from the store (by id) or from a folder holding one recording's raw
/// files, showing a progress bar on a terminal and a plain line every 10 % otherwise.
/// </summary>
public static class CookCommand
{
    public const string Usage = "usage: pandora cook <id or folder> [--format opus|vorbis|flac|wav|mp3|aac] " +
        "[--container mix|zip] [--level] [--output path]";

    public static async Task<int> RunAsync(
        string[] args,
        HostSettings settings,
        ILoggerFactory loggerFactory,
        TextWriter output,
        CancellationToken cancellationToken,
        bool? terminal = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            await output.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        var parsed = ParseOptions(args[1..]);
        if (parsed.Error is not null)
        {
            await output.WriteLineAsync(parsed.Error).ConfigureAwait(false);
            await output.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }

        var store = new RecordingStore(settings.StoreFolder, settings.RecordingsFolder);
        var located = Locate(args[0], store, out var folder, out var id);
        if (located is not null)
        {
            await output.WriteLineAsync(located).ConfigureAwait(false);
            return 1;
        }

        var options = parsed.Options!;
        var path = Path.GetFullPath(parsed.Output ?? $"{id}.{options.Extension}");
        var cooker = new Cooker(loggerFactory.CreateLogger<Cooker>());
        var progress = new ConsoleProgress(output, terminal ?? !Console.IsOutputRedirected);
        try
        {
            var result = await cooker.CookToFileAsync(folder, id, options, path, progress, cancellationToken)
                .ConfigureAwait(false);
            progress.Finish();
            await output.WriteLineAsync($"{path}: {result.Duration.TotalSeconds:F2} s, {result.Tracks.Count} tracks")
                .ConfigureAwait(false);
            return 0;
        }
        catch (Exception e) when (e is CookingException or RawRecordingException or IOException
            or UnauthorizedAccessException)
        {
            // Expected failures (a damaged recording, an output file that exists or cannot be written) are the
            // user's to fix: one line saying what, no stack trace.
            progress.Finish();
            await output.WriteLineAsync($"Cannot cook {id}: {e.Message}").ConfigureAwait(false);
            return 1;
        }
    }

    private sealed record Parsed(CookOptions? Options, string? Output, string? Error);

    private static Parsed ParseOptions(string[] args)
    {
        string format = "opus", container = "mix";
        string? outputPath = null;
        var level = false;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--format" when value is not null:
                    format = value;
                    i++;
                    break;
                case "--container" when value is not null:
                    container = value;
                    i++;
                    break;
                case "--output" when value is not null:
                    outputPath = value;
                    i++;
                    break;
                case "--level":
                    level = true;
                    break;
                default:
                    return new Parsed(null, null, $"Unknown or incomplete option '{args[i]}'.");
            }
        }

        if (!CookNames.TryParseFormat(format, out var cookFormat))
        {
            return new Parsed(null, null, $"Unknown format '{format}'.");
        }

        if (!CookNames.TryParseContainer(container, out var cookContainer))
        {
            return new Parsed(null, null, $"Unknown container '{container}'.");
        }

        return new Parsed(new CookOptions(cookFormat, cookContainer, Level: level), outputPath, null);
    }

    // A folder holding exactly one recording's info file, or an id looked up in the store as the server does.
    private static string? Locate(string target, RecordingStore store, out string folder, out string id)
    {
        folder = "";
        id = "";
        if (Directory.Exists(target))
        {
            var infos = Directory.GetFiles(target, "*" + RawRecordingFiles.Info)
                .Select(f => Path.GetFileName(f)[..^RawRecordingFiles.Info.Length])
                .Where(name => RawRecordingFiles.IsValidId(name) && !IsLaterSegment(name, target))
                .ToList();
            if (infos.Count != 1)
            {
                return $"The folder {target} must hold exactly one recording; it holds {infos.Count}.";
            }

            folder = target;
            id = infos[0];
            return null;
        }

        switch (store.Find(target, out folder))
        {
            case RecordingState.Ready:
                id = target;
                return null;
            case RecordingState.StillRecording:
                return $"Recording {target} is still being made; cook it once it has stopped.";
            default:
                return $"No recording found for '{target}' (looked in {store.StoreFolder}).";
        }
    }

    // "<id>_s2" next to "<id>" is the second segment of <id>, not a recording of its own.
    private static bool IsLaterSegment(string name, string folder)
    {
        var mark = name.LastIndexOf("_s", StringComparison.Ordinal);
        return mark > 0 && int.TryParse(name.AsSpan(mark + 2), out _) &&
            File.Exists(Path.Combine(folder, name[..mark] + RawRecordingFiles.Info));
    }
}
