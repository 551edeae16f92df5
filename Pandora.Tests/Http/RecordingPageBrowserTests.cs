using System.Diagnostics;
using Pandora.Tests.Cooking;

namespace Pandora.Tests.Http;

/// <summary>
/// The page as a browser renders it: Debian's Chromium, headless, loads it from the loopback server, and its DOM
/// and a screenshot are checked. Chromium is installed by scripts/test.sh; without it these tests fail and say so.
/// </summary>
[Collection(ExternalProcessCollection.Name)]
public sealed class RecordingPageBrowserTests(CookingServerFixture fixture) : IClassFixture<CookingServerFixture>
{
    [Fact]
    public async Task Chromium_page_rendersDetailsTimelineAndAButtonPerFormat()
    {
        string dom = Encoding(await RunChromiumAsync("--dump-dom", $"{fixture.Server.Address}gap1?key=access"));

        dom.ShouldContain("<span id=\"channel\">Voice</span>");
        dom.ShouldContain("<dd id=\"speakers\">2</dd>");
        dom.ShouldContain("1. Alice A.");
        dom.ShouldContain("2. bob");

        // bob speaks from 1.5 s to 2.5 s of 3 s: one bar from about half to five sixths of the 960 px row.
        string bob = dom[dom.IndexOf("data-track=\"2\"", StringComparison.Ordinal)..];
        bob = bob[..bob.IndexOf("</g>", StringComparison.Ordinal)];
        System.Text.RegularExpressions.Regex.Matches(bob, "class=\"spoke\"").Count.ShouldBe(1);
        foreach (string format in new[] { "opus", "vorbis", "flac", "wav", "mp3", "aac" })
        {
            dom.ShouldContain($"data-format=\"{format}\"");
        }
    }

    [Fact]
    public async Task Chromium_screenshot_isAnImageOfThePage()
    {
        using var folder = new TempFolder();
        string png = folder.File("page.png");

        await RunChromiumAsync($"--screenshot={png}", "--window-size=1200,700",
            $"{fixture.Server.Address}gap1?key=access");

        byte[] bytes = await File.ReadAllBytesAsync(png, TestContext.Current.CancellationToken);
        bytes.Length.ShouldBeGreaterThan(5_000);
        bytes[..4].ShouldBe(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' });
    }

    private static string Encoding(byte[] bytes) => System.Text.Encoding.UTF8.GetString(bytes);

    private static async Task<byte[]> RunChromiumAsync(params string[] arguments)
    {
        string? chromium = ExternalTool.Find("chromium");
        chromium.ShouldNotBeNull("chromium is not installed: run scripts/test.sh or apt-get install -y chromium");
        using var profile = new TempFolder();
        var start = new ProcessStartInfo(chromium)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
                     $"--user-data-dir={profile.Path}",
                 }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        using var output = new MemoryStream();
        Task copy = process.StandardOutput.BaseStream.CopyToAsync(output, TestContext.Current.CancellationToken);
        Task<string> errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await copy;
        process.ExitCode.ShouldBe(0, await errors);
        return output.ToArray();
    }
}
