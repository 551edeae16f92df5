using System.Diagnostics;

namespace Pandora.Tests.Cooking;

/// <summary>Runs ffmpeg, ffprobe or opusinfo from PATH; tests skip with a visible reason when one is absent.</summary>
internal static class ExternalTool
{
    public static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(p => Path.Combine(p, program))
            .FirstOrDefault(File.Exists);

    public static string Require(string program)
    {
        string? path = Find(program);
        Assert.SkipWhen(path is null, $"{program} is not installed on this machine");
        return path!;
    }

    /// <summary>Runs the program and returns its exit code, standard output bytes and standard error text.</summary>
    public static async Task<(int ExitCode, byte[] Output, string Errors)> RunAsync(string program,
        params string[] arguments)
    {
        var start = new ProcessStartInfo(Require(program))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        using var output = new MemoryStream();
        Task copy = process.StandardOutput.BaseStream.CopyToAsync(output);
        Task<string> errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        await copy;
        return (process.ExitCode, output.ToArray(), await errors);
    }
}
