using Microsoft.Extensions.Logging.Abstractions;
using Pandora.Cooking.Raw;
using Pandora.Host;
using Pandora.Tests.Cooking;
using Pandora.Tests.EndToEnd;

namespace Pandora.Tests.Http;

public sealed class CookCommandIntegrationTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly StringWriter _output = new();

    public CookCommandIntegrationTests()
    {
        TestRecording.WriteGapLateAndReordered(Path.Combine(_folder.Path, "store", "gap1"), "gap1", 3 * 48_000);
    }

    public void Dispose()
    {
        _output.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task RunAsync_idInStoreNotOnTerminal_plainProgressLinesAndAFile()
    {
        string path = _folder.File("out.flac");

        int exit = await RunAsync(["gap1", "--format", "flac", "--output", path], terminal: false);

        exit.ShouldBe(0, _output.ToString());
        string[] lines = _output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.ShouldContain("cooking: 100%");
        lines.Count(l => l.StartsWith("cooking: ", StringComparison.Ordinal)).ShouldBeGreaterThanOrEqualTo(2);
        _output.ToString().ShouldNotContain("\r");
        lines[^1].ShouldBe($"{path}: 3.00 s, 2 tracks");
        (await CookedAudio.DecodeAsync(path)).Length.ShouldBe(3 * 48_000);
    }

    [Fact]
    public async Task RunAsync_folderOnTerminal_progressBarRedrawnInPlace()
    {
        string path = _folder.File("out.zip");

        int exit = await RunAsync([Path.Combine(_folder.Path, "store", "gap1"), "--container", "zip", "--output", path],
            terminal: true);

        exit.ShouldBe(0, _output.ToString());
        _output.ToString().ShouldContain("\r[##############################] 100%");
        File.Exists(path).ShouldBeTrue();
    }

    [Fact]
    public async Task RunAsync_outputFileExists_oneLineErrorAndTheFileKept()
    {
        string path = _folder.File("taken.ogg");
        await File.WriteAllTextAsync(path, "mine", TestContext.Current.CancellationToken);

        int exit = await RunAsync(["gap1", "--output", path], terminal: false);

        exit.ShouldBe(1);
        _output.ToString().ShouldContain("Cannot cook gap1:");
        _output.ToString().ShouldNotContain("   at ");
        (await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken)).ShouldBe("mine");
    }

    [Theory]
    [InlineData(new[] { "gap1", "--format", "ogv" }, 2, "Unknown format 'ogv'")]
    [InlineData(new[] { "gap1", "--container", "tar" }, 2, "Unknown container 'tar'")]
    [InlineData(new[] { "gap1", "--speed" }, 2, "Unknown or incomplete option '--speed'")]
    [InlineData(new[] { "gap" }, 1, "No recording found for 'gap'")]
    [InlineData(new[] { "../store/gap1x" }, 1, "No recording found")]
    [InlineData(new[] { "live1" }, 1, "still being made")]
    public async Task RunAsync_badArguments_exitCodeAndMessage(string[] args, int expected, string message)
    {
        RawRecording.Create(Path.Combine(_folder.Path, "work", "live1"), RawRecordingWriterUnitTests.Info("live1"))
            .Dispose();

        int exit = await RunAsync(args, terminal: false);

        exit.ShouldBe(expected);
        _output.ToString().ShouldContain(message);
    }

    private Task<int> RunAsync(string[] args, bool terminal) =>
        CookCommand.RunAsync(args, TestHost.Settings(_folder.Path), NullLoggerFactory.Instance, _output,
            TestContext.Current.CancellationToken, terminal);
}
