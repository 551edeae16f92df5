using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Pandora.Cooking.Cook;
using Pandora.Host.Http;
using Pandora.Tests.Cooking;

namespace Pandora.Tests.Http;

/// <summary>A server whose machine has no external encoder: Opus and WAV still work, the rest say what to install.
/// </summary>
[Collection(ExternalProcessCollection.Name)]
public sealed class CookingServerWithoutEncodersTests
{
    [Fact]
    public async Task Get_mp3WithoutEncoder_503NamingThePackageAndPageGreysItOut()
    {
        using var folder = new TempFolder();
        TestRecording.WriteGapLateAndReordered(Path.Combine(folder.Path, "store", "gap1"), "gap1", 3 * 48_000);
        await using CookingServer server = await CookingServer.StartAsync(new CookingServerOptions
        {
            Port = 0,
            StoreFolder = folder.File("store"),
            WorkFolder = folder.File("work"),
            Encoders = AudioEncoders.None,
        }, NullLoggerFactory.Instance, TestContext.Current.CancellationToken);
        using var client = new HttpClient { BaseAddress = server.Address };
        CancellationToken ct = TestContext.Current.CancellationToken;

        using HttpResponseMessage mp3 = await client.GetAsync("/gap1?key=access&format=mp3", ct);
        using HttpResponseMessage wav = await client.GetAsync("/gap1?key=access&format=wav", ct);
        using var page = new HttpRequestMessage(HttpMethod.Get, "/gap1?key=access");
        page.Headers.Accept.ParseAdd("text/html");
        string html = await (await client.SendAsync(page, ct)).Content.ReadAsStringAsync(ct);
        using HttpResponseMessage elsewhere = await client.GetAsync("/gap1/more", ct);

        mp3.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        using (JsonDocument body = JsonDocument.Parse(await mp3.Content.ReadAsStringAsync(ct)))
        {
            body.RootElement.GetProperty("error").GetString().ShouldBe(AudioEncoders.MissingMessage(CookFormat.Mp3));
        }

        wav.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await wav.Content.ReadAsByteArrayAsync(ct)).Length.ShouldBe(44 + (3 * 48_000 * 4));
        html.ShouldContain("<span class=\"missing\"");
        html.ShouldNotContain("data-format=\"mp3\"");
        html.ShouldContain("data-format=\"wav\"");
        elsewhere.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        elsewhere.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
    }
}
