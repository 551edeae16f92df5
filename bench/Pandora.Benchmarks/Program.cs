using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Running;
using Pandora.Benchmarks;
using Pandora.Cooking.Cook;

// generate <folder> <id> <hours> <speakers>   writes a synthetic recording
// cook <folder> <id> <format> <container> <output>   cooks it, then prints speed and peak memory
// bdn [BenchmarkDotNet arguments]   runs the BenchmarkDotNet classes (cooking, DAVE frames, MLS commits)
switch (args.FirstOrDefault())
{
    case "generate" when args.Length == 5:
    {
        var clock = Stopwatch.StartNew();
        double hours = double.Parse(args[3], CultureInfo.InvariantCulture);
        SyntheticRecording.Write(args[1], args[2], TimeSpan.FromHours(hours), int.Parse(args[4],
            CultureInfo.InvariantCulture));
        long bytes = Directory.GetFiles(args[1]).Sum(f => new FileInfo(f).Length);
        Console.WriteLine(
            $"generated {hours} h in {clock.Elapsed.TotalSeconds:F1} s: {bytes / 1e6:F0} MB of raw files");
        return 0;
    }

    case "cook" when args.Length == 6:
    {
        CookNames.TryParseFormat(args[3], out CookFormat format);
        CookNames.TryParseContainer(args[4], out CookContainer container);
        var clock = Stopwatch.StartNew();
        CookResult result = await new Cooker().CookToFileAsync(args[1], args[2], new CookOptions(format, container),
            args[5]);
        clock.Stop();
        using var self = Process.GetCurrentProcess();
        double audio = result.Duration.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{args[3]}/{args[4]}: {audio / 3600:F2} h, {result.Tracks.Count} tracks, cooked in " +
            $"{clock.Elapsed.TotalSeconds:F1} s = {audio / clock.Elapsed.TotalSeconds:F0}x real time; " +
            $"peak working set {self.PeakWorkingSet64 / 1048576.0:F0} MiB; output " +
            $"{new FileInfo(args[5]).Length / 1e6:F0} MB"));
        return 0;
    }

    case "bdn":
        BenchmarkSwitcher.FromAssembly(typeof(CookBenchmarks).Assembly).Run(args[1..]);
        return 0;

    default:
        Console.Error.WriteLine("usage: generate <folder> <id> <hours> <speakers> | " +
            "cook <folder> <id> <format> <container> <output> | bdn [args]");
        return 2;
}
