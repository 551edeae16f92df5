using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Pandora.Discord;
using Pandora.Discord.Rest;

namespace Pandora.Tests.Discord;

public sealed class DiscordRestClientUnitTests
{
    private const string Token = "SECRET.token.value";

    private static readonly DiscordOptions s_options = new()
    {
        Token = Token,
        RestBaseAddress = new Uri("http://127.0.0.1:9/api/v10/"),
    };

    [Fact]
    public async Task GetGatewayUrlAsync_ok_sendsAuthAndUserAgentAndParsesUrl()
    {
        var handler = new ScriptedHandler(_ => Json(HttpStatusCode.OK, """{"url":"ws://127.0.0.1:5555","shards":1}"""));
        var rest = new DiscordRestClient(new HttpClient(handler), s_options);

        var url = await rest.GetGatewayUrlAsync(TestContext.Current.CancellationToken);

        url.ShouldBe(new Uri("ws://127.0.0.1:5555"));
        var request = handler.Requests.ShouldHaveSingleItem();
        request.Method.ShouldBe("GET");
        request.Uri.ShouldBe("http://127.0.0.1:9/api/v10/gateway/bot");
        request.Authorization.ShouldBe("Bot " + Token);
        request.UserAgent.ShouldBe("DiscordBot (https://github.com/pandora, 0.1)");
    }

    [Fact]
    public async Task OverwriteCommandsAsync_guild_putsTypedCommandsToGuildRoute()
    {
        var handler = new ScriptedHandler(_ => Json(HttpStatusCode.OK, "[]"));
        var rest = new DiscordRestClient(new HttpClient(handler), s_options);

        await rest.OverwriteCommandsAsync(11, 22, [new SlashCommand("record", "Start")],
            TestContext.Current.CancellationToken);

        var request = handler.Requests.ShouldHaveSingleItem();
        request.Method.ShouldBe("PUT");
        request.Uri.ShouldBe("http://127.0.0.1:9/api/v10/applications/11/guilds/22/commands");
        using var body = JsonDocument.Parse(request.Body!);
        var command = body.RootElement.EnumerateArray().ShouldHaveSingleItem();
        command.GetProperty("name").GetString().ShouldBe("record");
        command.GetProperty("description").GetString().ShouldBe("Start");
        command.GetProperty("type").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task InteractionCalls_ok_useCallbackAndWebhookRoutes()
    {
        var handler = new ScriptedHandler(_ => new HttpResponseMessage(HttpStatusCode.NoContent));
        var rest = new DiscordRestClient(new HttpClient(handler), s_options);
        var ct = TestContext.Current.CancellationToken;

        await rest.DeferInteractionAsync(33, "itok", ct);
        await rest.EditOriginalResponseAsync(11, "itok", "done", ct);
        await rest.CreateMessageAsync(44, "hello", ct);

        handler.Requests.Select(r => $"{r.Method} {r.Uri} {r.Body}").ShouldBe(
        [
            """POST http://127.0.0.1:9/api/v10/interactions/33/itok/callback {"type":5}""",
            """PATCH http://127.0.0.1:9/api/v10/webhooks/11/itok/messages/@original {"content":"done"}""",
            """POST http://127.0.0.1:9/api/v10/channels/44/messages {"content":"hello"}""",
        ]);
    }

    [Fact]
    public async Task CreateMessageAsync_429WithRetryAfter_waitsThenRetries()
    {
        var calls = 0;
        var handler = new ScriptedHandler(_ => Interlocked.Increment(ref calls) == 1
            ? Json(HttpStatusCode.TooManyRequests, """{"message":"slow","retry_after":0.35,"global":false}""")
            : Json(HttpStatusCode.OK, "{}"));
        var rest = new DiscordRestClient(new HttpClient(handler), s_options);
        var watch = Stopwatch.StartNew();

        await rest.CreateMessageAsync(44, "hi", TestContext.Current.CancellationToken);

        watch.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(340));
        handler.Requests.Count.ShouldBe(2);
        (handler.Requests[1].At - handler.Requests[0].At).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(340));
    }

    [Fact]
    public async Task CreateMessageAsync_globalLimit_delaysOtherRoutesToo()
    {
        var calls = 0;
        var handler = new ScriptedHandler(_ => Interlocked.Increment(ref calls) == 1
            ? Json(HttpStatusCode.TooManyRequests, """{"message":"global","retry_after":0.3,"global":true}""",
                ("X-RateLimit-Global", "true"))
            : Json(HttpStatusCode.OK, "{}"));
        var rest = new DiscordRestClient(new HttpClient(handler), s_options);
        var ct = TestContext.Current.CancellationToken;

        var first = rest.CreateMessageAsync(1, "a", ct);
        await handler.FirstRequest.Task.WaitAsync(ct);
        await Task.Delay(50, ct);
        await rest.CreateMessageAsync(2, "b", ct);
        await first;

        var other = handler.Requests.First(r => r.Uri.Contains("/channels/2/"));
        (other.At - handler.Requests[0].At).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(290));
    }

    [Fact]
    public async Task DeferInteractionAsync_duringGlobalLimit_isNotDelayed()
    {
        var calls = 0;
        var handler = new ScriptedHandler(_ => Interlocked.Increment(ref calls) == 1
            ? Json(HttpStatusCode.TooManyRequests, """{"message":"global","retry_after":1.5,"global":true}""")
            : new HttpResponseMessage(HttpStatusCode.NoContent));
        var rest = new DiscordRestClient(new HttpClient(handler), s_options);
        var ct = TestContext.Current.CancellationToken;

        var limited = rest.CreateMessageAsync(1, "a", ct);
        await handler.FirstRequest.Task.WaitAsync(ct);
        await Task.Delay(50, ct);
        var watch = Stopwatch.StartNew();
        await rest.DeferInteractionAsync(9, "tok", ct);

        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromMilliseconds(500));
        await limited;
    }

    [Fact]
    public async Task CreateMessageAsync_bucketExhausted_waitsForResetOnlyOnThatChannel()
    {
        var handler = new ScriptedHandler(r => Json(HttpStatusCode.OK, "{}",
            ("X-RateLimit-Bucket", "abc"),
            ("X-RateLimit-Remaining", "0"),
            ("X-RateLimit-Reset-After", r.RequestUri!.AbsolutePath.Contains("/1/") ? "0.4" : "0")));
        var rest = new DiscordRestClient(new HttpClient(handler), s_options);
        var ct = TestContext.Current.CancellationToken;

        await rest.CreateMessageAsync(1, "a", ct);
        var other = Stopwatch.StartNew();
        await rest.CreateMessageAsync(2, "b", ct);
        other.Elapsed.ShouldBeLessThan(TimeSpan.FromMilliseconds(300));
        await rest.CreateMessageAsync(1, "c", ct);

        var onOne = handler.Requests.Where(r => r.Uri.Contains("/channels/1/")).ToList();
        (onOne[1].At - onOne[0].At).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(380));
    }

    [Fact]
    public async Task CreateMessageAsync_429WithoutBody_usesRetryAfterHeader()
    {
        var calls = 0;
        var handler = new ScriptedHandler(_ => Interlocked.Increment(ref calls) == 1
            ? Json(HttpStatusCode.TooManyRequests, "", ("Retry-After", "1"))
            : Json(HttpStatusCode.OK, "{}"));
        var rest = new DiscordRestClient(new HttpClient(handler), s_options);

        await rest.CreateMessageAsync(44, "hi", TestContext.Current.CancellationToken);

        (handler.Requests[1].At - handler.Requests[0].At).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(990));
    }

    [Fact]
    public async Task CreateMessageAsync_always429_throwsRateLimitedAfterRetries()
    {
        var handler = new ScriptedHandler(_ => Json(HttpStatusCode.TooManyRequests, """{"retry_after":0.01}"""));
        var rest = new DiscordRestClient(new HttpClient(handler), s_options);

        var ex = await Should.ThrowAsync<DiscordRestException>(
            () => rest.CreateMessageAsync(1, "a", TestContext.Current.CancellationToken));

        ex.Kind.ShouldBe(DiscordRestErrorKind.RateLimited);
        handler.Requests.Count.ShouldBe(DiscordRestClient.MaxRateLimitRetries + 1);
    }

    [Fact]
    public async Task DeferInteractionAsync_404_throwsNotFoundWithoutTokens()
    {
        var handler = new ScriptedHandler(_ =>
            Json(HttpStatusCode.NotFound, """{"message":"Unknown interaction","code":10062}"""));
        var rest = new DiscordRestClient(new HttpClient(handler), s_options);

        var ex = await Should.ThrowAsync<DiscordRestException>(
            () => rest.DeferInteractionAsync(5, "interaction-secret", TestContext.Current.CancellationToken));

        ex.Kind.ShouldBe(DiscordRestErrorKind.NotFound);
        ex.DiscordCode.ShouldBe(10062);
        ex.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        ex.Message.ShouldContain("POST /interactions/{interaction_id}/{interaction_token}/callback");
        ex.Message.ShouldContain("Unknown interaction");
        ex.ToString().ShouldNotContain("interaction-secret");
        ex.ToString().ShouldNotContain(Token);
    }

    [Fact]
    public async Task GetGatewayUrlAsync_401_throwsUnauthorized()
    {
        var handler = new ScriptedHandler(_ =>
            Json(HttpStatusCode.Unauthorized, """{"message":"401: Unauthorized"}"""));
        var rest = new DiscordRestClient(new HttpClient(handler), s_options);

        var ex = await Should.ThrowAsync<DiscordRestException>(
            () => rest.GetGatewayUrlAsync(TestContext.Current.CancellationToken));

        ex.Kind.ShouldBe(DiscordRestErrorKind.Unauthorized);
        ex.ToString().ShouldNotContain(Token);
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string body, params (string, string)[] headers)
    {
        var response = new HttpResponseMessage(status)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    private sealed record SeenRequest(
        string Method,
        string Uri,
        string? Authorization,
        string UserAgent,
        string? Body,
        TimeSpan At);

    private sealed class ScriptedHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly Lock _gate = new();

        public List<SeenRequest> Requests { get; } = [];

        public TaskCompletionSource FirstRequest { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken)
        {
            var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
            lock (_gate)
            {
                Requests.Add(new SeenRequest(
                    request.Method.Method,
                    request.RequestUri!.ToString(),
                    request.Headers.Authorization?.ToString(),
                    string.Join(' ', request.Headers.GetValues("User-Agent")),
                    body,
                    _clock.Elapsed));
            }

            FirstRequest.TrySetResult();
            return answer(request);
        }
    }
}
