using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Pandora.Emulator;

namespace Pandora.Tests.Emulator;

public sealed class EmulatorRestIntegrationTests : IAsyncLifetime
{
    private DiscordEmulator _emulator = null!;

    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        _emulator = await DiscordEmulator.StartAsync(new EmulatorOptions(), TestContext.Current.CancellationToken);
        _http = new HttpClient { BaseAddress = _emulator.RestBaseAddress };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bot", _emulator.BotToken);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _emulator.DisposeAsync();
    }

    [Fact]
    public void StartAsync_binds_loopback_only()
    {
        _emulator.RestBaseAddress.Host.ShouldBe("127.0.0.1");
        _emulator.RestBaseAddress.AbsolutePath.ShouldBe("/api/v10/");
        _emulator.VoiceEndpoint.ShouldStartWith("127.0.0.1:");
        _emulator.GatewayAddress.Scheme.ShouldBe("ws");
    }

    [Fact]
    public async Task GatewayBot_without_token_is_401()
    {
        using var anonymous = new HttpClient { BaseAddress = _emulator.RestBaseAddress };

        var response = await anonymous.GetAsync("gateway/bot", TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        _emulator.RestCalls.Single().StatusCode.ShouldBe(401);
    }

    [Fact]
    public async Task GatewayBot_with_wrong_token_is_401()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "gateway/bot");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bot", "wrong");

        var response = await _http.SendAsync(request, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task GatewayBot_with_token_returns_the_loopback_gateway()
    {
        var json = await _http.GetStringAsync("gateway/bot", TestContext.Current.CancellationToken);

        using var document = JsonDocument.Parse(json);
        document.RootElement.GetProperty("url").GetString().ShouldBe(_emulator.GatewayAddress.ToString());
        document.RootElement.GetProperty("shards").GetInt32().ShouldBe(1);
        document.RootElement.GetProperty("session_start_limit").GetProperty("max_concurrency").GetInt32().ShouldBe(1);
        _emulator.RestCalls.Single().Path.ShouldBe("/gateway/bot");
    }

    [Fact]
    public async Task PutCommands_stores_and_returns_them_with_ids()
    {
        var body = """
            [{"name":"record","description":"Record the channel","type":1},{"name":"end","description":"Stop"}]
            """;
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        var path = $"applications/{_emulator.ApplicationId}/guilds/{_emulator.GuildId}/commands";
        var response = await _http.PutAsync(path, content, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var document = JsonDocument.Parse(await ReadAsync(response));
        document.RootElement.GetArrayLength().ShouldBe(2);
        document.RootElement[0].GetProperty("id").GetString().ShouldNotBeNullOrEmpty();
        _emulator.RegisteredCommands[_emulator.GuildId.ToString()].ShouldContain("\"record\"");
        _emulator.RestCalls.Single().Body.ShouldBe(body);
    }

    [Fact]
    public async Task InjectRateLimit_answers_429_with_retry_after_then_recovers()
    {
        _emulator.InjectRateLimit("POST", "/channels/", TimeSpan.FromSeconds(0.25));
        var path = $"channels/{_emulator.TextChannelId}/messages";

        using var first = new StringContent("""{"content":"hi"}""", Encoding.UTF8, "application/json");
        var limited = await _http.PostAsync(path, first, TestContext.Current.CancellationToken);
        using var second = new StringContent("""{"content":"hi"}""", Encoding.UTF8, "application/json");
        var ok = await _http.PostAsync(path, second, TestContext.Current.CancellationToken);

        ((int)limited.StatusCode).ShouldBe(429);
        limited.Headers.GetValues("X-RateLimit-Remaining").Single().ShouldBe("0");
        limited.Headers.Contains("X-RateLimit-Bucket").ShouldBeTrue();
        using var error = JsonDocument.Parse(await ReadAsync(limited));
        error.RootElement.GetProperty("retry_after").GetDouble().ShouldBe(0.25);
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var message = JsonDocument.Parse(await ReadAsync(ok));
        message.RootElement.GetProperty("content").GetString().ShouldBe("hi");
    }

    private static Task<string> ReadAsync(HttpResponseMessage response) =>
        response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

    [Fact]
    public async Task Multipart_message_records_payload_json_and_files()
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent("""{"content":"here is the recording"}"""), "payload_json");
        form.Add(new ByteArrayContent(new byte[1234]), "files[0]", "session.zip");

        var response = await _http.PostAsync($"channels/{_emulator.TextChannelId}/messages", form,
            TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var call = _emulator.RestCalls.Single();
        call.Body.ShouldContain("here is the recording");
        call.Files.Single().ShouldBe(new RestFile("files[0]", "session.zip", 1234));
    }

    [Fact]
    public async Task Unknown_route_is_404()
    {
        var response = await _http.GetAsync("guilds/1/nothing", TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
