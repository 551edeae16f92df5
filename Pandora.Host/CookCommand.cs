using Microsoft.Extensions.Logging;
using Pandora.Cooking.Cook;
using Pandora.Cooking.Raw;

namespace Pandora.Host;

/// <summary>
/// <c>pandora cook &lt;id or folder&gt; [--format opus|wav|flac] [--container mix|zip] [--output path]</c>:
/// cooks a recording from the store (by id) or from a folder holding one recording's raw files.
/// </summary>
public static class CookCommand
{
    public static async Task<int> RunAsync(
        string[] args,
        HostSettings settings,
        ILoggerFactory loggerFactory,
        TextWriter output,
        CancellationToken cancellationToken)
    {
        if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
        {
            await output.WriteLineAsync("usage: pandora cook <id or folder> [--format opus|wav|flac] " +
                "[--container mix|zip] [--output path]");
            return 2;
        }

        var options = ParseOptions(args[1..]);
        if (options.Error is not null)
        {
            await output.WriteLineAsync(options.Error);
            return 2;
        }

        if (!TryLocate(args[0], settings.StoreFolder, out var folder, out var id))
        {
            await output.WriteLineAsync($"No recording found for '{args[0]}' (looked in {settings.StoreFolder}).");
            return 1;
        }

        var extension = options.Format == CookFormat.OggOpusMix ? "ogg" : "zip";
        var path = Path.GetFullPath(options.Output ?? $"{id}.{extension}");
        var cooker = new Cooker(loggerFactory.CreateLogger<Cooker>());
        var result = await cooker.CookToFileAsync(folder, id, new CookOptions(options.Format), path, cancellationToken)
            .ConfigureAwait(false);
        await output.WriteLineAsync($"{path}: {result.Duration.TotalSeconds:F2} s, {result.Tracks.Count} tracks");
        return 0;
    }

    private sealed record Parsed(CookFormat Format, string? Output, string? Error);

    private static Parsed ParseOptions(string[] args)
    {
        string format = "opus", container = "mix";
        string? outputPath = null;
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
                default:
                    return new Parsed(CookFormat.OggOpusMix, null, $"Unknown or incomplete option '{args[i]}'.");
            }
        }

        return (format, container) switch
        {
            ("opus", "mix") => new Parsed(CookFormat.OggOpusMix, outputPath, null),
            ("wav", "zip") => new Parsed(CookFormat.ZipWav, outputPath, null),
            ("flac", "zip") => new Parsed(CookFormat.ZipFlac, outputPath, null),
            _ => new Parsed(CookFormat.OggOpusMix, null,
                $"Format '{format}' in container '{container}' is not available yet: use opus/mix, wav/zip or flac/zip."),
        };
    }

    private static bool TryLocate(string target, string store, out string folder, out string id)
    {
        folder = "";
        id = "";
        if (Directory.Exists(target))
        {
            var infos = Directory.GetFiles(target, "*.ogg.info");
            if (infos.Length != 1)
            {
                return false;
            }

            folder = target;
            id = Path.GetFileName(infos[0])[..^".ogg.info".Length];
            return true;
        }

        if (!RawRecordingFiles.IsValidId(target))
        {
            return false;
        }

        folder = Path.Combine(store, target);
        id = target;
        return File.Exists(RawRecordingFiles.GetPath(folder, id, RawRecordingFiles.Info));
    }
}
