using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Pandora.Tests.Cooking;

namespace Pandora.Tests.Http;

[Collection(ExternalProcessCollection.Name)]
public sealed class CookingServerIntegrationTests(CookingServerFixture fixture) : IClassFixture<CookingServerFixture>
{
    private const string Key = CookingServerFixture.Key;

    private HttpClient Client => fixture.Client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Get_defaults_streamsOggOpusMixNamedByStartChannelAndId()
    {
        using HttpResponseMessage response = await Client.GetAsync($"/gap1?key={Key}", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("audio/ogg");
        response.Content.Headers.ContentDisposition!.FileName.ShouldBe("2026-12-04_16-00-00_Voice_gap1.ogg");
        response.Headers.TransferEncodingChunked.ShouldBe(true, "the file is streamed as it is made");
        using var folder = new TempFolder();
        await File.WriteAllBytesAsync(folder.File("mix.ogg"), await response.Content.ReadAsByteArrayAsync(Ct), Ct);
        float[] mix = await CookedAudio.DecodeAsync(folder.File("mix.ogg"));
        mix.Length.ShouldBe(3 * 48_000);
        CookedAudio.Onset(mix, 1.2).ShouldBeInRange(72_000 - 960, 72_000 + 960);
    }

    [Fact]
    public async Task Get_flacZip_oneFlacPerSpeakerAndInfo()
    {
        using HttpResponseMessage response = await Client.GetAsync($"/gap1?key={Key}&format=flac&container=zip", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/zip");
        response.Content.Headers.ContentDisposition!.FileName.ShouldBe("2026-12-04_16-00-00_Voice_gap1.zip");
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync(Ct)));
        zip.Entries.Select(e => e.FullName).ShouldBe(["info.txt", "1-Alice_A_.flac", "2-bob.flac"]);
    }

    [Theory]
    [InlineData("/nope1?key=access", 404, "No recording")]
    [InlineData("/gap?key=access", 404, "No recording")] // a prefix of gap1 is not gap1
    [InlineData("/gap1x?key=access", 404, "No recording")]
    [InlineData("/gap1.ogg?key=access", 404, "No recording")]
    [InlineData("/..%2Fstore%2Fgap1?key=access", 404, "No recording")]
    [InlineData("/gap1", 400, "key is missing")]
    [InlineData("/gap1?key=wrong", 400, "key is wrong")]
    [InlineData("/gap1?key=", 400, "key is wrong")]
    [InlineData("/gap1?key=access&format=ogv", 400, "Unknown format")]
    [InlineData("/gap1?key=access&container=tar", 400, "Unknown container")]
    [InlineData("/gap1?key=access&bitrate=9", 400, "Unknown or repeated option 'bitrate'")]
    [InlineData("/gap1?key=access&format=mp3&format=wav", 400, "Unknown or repeated option 'format'")]
    [InlineData("/gap1?key=access&level=maybe", 400, "level is true or false")]
    [InlineData("/long1?key=access&format=wav", 422, "WAV")]
    [InlineData("/live1?key=access", 409, "still being made")]
    public async Task Get_badRequest_jsonErrorWithStatus(string path, int status, string message)
    {
        using HttpResponseMessage response = await Client.GetAsync(path, Ct);

        ((int)response.StatusCode).ShouldBe(status);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        using JsonDocument body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        body.RootElement.GetProperty("status").GetInt32().ShouldBe(status);
        body.RootElement.GetProperty("error").GetString()!.ShouldContain(message);
    }

    [Fact]
    public async Task Get_fourAtOnce_allServedWhole()
    {
        string[] formats = ["opus", "wav", "mp3", "vorbis"];

        byte[][] bodies = await Task.WhenAll(formats.Select(f =>
            Client.GetByteArrayAsync($"/gap1?key={Key}&format={f}&container=zip", Ct)));

        foreach (byte[] body in bodies)
        {
            using var zip = new ZipArchive(new MemoryStream(body));
            zip.Entries.Count.ShouldBe(3);
        }
    }

    [Fact]
    public async Task Get_clientGoesAway_cookIsCancelled()
    {
        long before = fixture.Server.Stats.Cancelled;
        using (var request = new HttpRequestMessage(HttpMethod.Get, $"/long1?key={Key}&format=flac"))
        using (HttpResponseMessage response = await Client.SendAsync(request,
                   HttpCompletionOption.ResponseHeadersRead, Ct))
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            await using Stream body = await response.Content.ReadAsStreamAsync(Ct);
            byte[] start = new byte[4];
            await body.ReadExactlyAsync(start, Ct);
            System.Text.Encoding.ASCII.GetString(start).ShouldBe("fLaC");
        }

        // Seven hours of FLAC take minutes to make: the server must notice the abort long before.
        for (int i = 0; i < 200 && fixture.Server.Stats.Cancelled == before; i++)
        {
            await Task.Delay(100, Ct);
        }

        fixture.Server.Stats.Cancelled.ShouldBe(before + 1);
    }

    [Fact]
    public async Task Get_browser_pageWithDetailsTimelineAndButtons()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/gap1?key={Key}");
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml;q=0.9,*/*;q=0.8");

        using HttpResponseMessage response = await Client.SendAsync(request, Ct);
        string html = await response.Content.ReadAsStringAsync(Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        html.ShouldContain("<span id=\"channel\">Voice</span>");
        html.ShouldContain("<dd id=\"date\">2026-12-04 16:00:00 UTC</dd>");
        html.ShouldContain("<dd id=\"length\">0:03</dd>");
        html.ShouldContain("1. Alice A.");
        html.ShouldContain("href=\"/gap1?key=access&amp;format=flac&amp;container=zip\"");
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldStartWith("default-src 'none'");
    }

    [Fact]
    public async Task Get_browserWithoutKey_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/gap1");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));

        using HttpResponseMessage response = await Client.SendAsync(request, Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }
}
