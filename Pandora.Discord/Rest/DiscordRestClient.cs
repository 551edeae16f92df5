using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pandora.Discord.Rest.Internal;

namespace Pandora.Discord.Rest;

/// <summary>
/// REST v10 client for the few calls the recorder makes. Honours 429 answers (<c>retry_after</c>, global and
/// per-route buckets) and retries them up to <see cref="MaxRateLimitRetries"/> times. Thread safe. The token is only
/// ever put in the Authorization header: it is never logged nor put in exception messages.
/// </summary>
public sealed class DiscordRestClient : IDiscordRest
{
    public const int MaxRateLimitRetries = 3;
    private const string UserAgent = "DiscordBot (https://github.com/pandora, 0.1)";
    private const int MaxErrorText = 200;

    private readonly HttpClient _http;
    private readonly Uri _base;
    private readonly AuthenticationHeaderValue _auth;
    private readonly ILogger _logger;
    private readonly RestRateLimiter _limiter = new();
    private Uri? _gatewayUrl;

    public DiscordRestClient(HttpClient http, DiscordOptions options, ILogger<DiscordRestClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _http = http;
        var text = options.RestBaseAddress.ToString();
        _base = text.EndsWith('/') ? options.RestBaseAddress : new Uri(text + "/");
        _auth = new AuthenticationHeaderValue("Bot", options.Token);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public async Task<Uri> GetGatewayUrlAsync(CancellationToken cancellationToken = default)
    {
        if (_gatewayUrl is { } cached)
        {
            return cached;
        }

        var route = RestRoute.GatewayBot();
        using var doc = await SendAsync(route, null, cancellationToken).ConfigureAwait(false);
        if (doc?.RootElement is not { ValueKind: JsonValueKind.Object } root
            || !root.TryGetProperty("url", out var url) || url.ValueKind != JsonValueKind.String
            || !Uri.TryCreate(url.GetString(), UriKind.Absolute, out var uri))
        {
            DiscordRestException.ThrowInvalid(route.Template, "the answer has no absolute 'url'");
            return null;
        }

        _gatewayUrl = uri;
        return uri;
    }

    public async Task OverwriteCommandsAsync(
        ulong applicationId,
        ulong? guildId,
        IReadOnlyList<SlashCommand> commands,
        CancellationToken cancellationToken = default)
    {
        var array = new JsonArray();
        foreach (var command in commands)
        {
            array.Add(new JsonObject { ["name"] = command.Name, ["description"] = command.Description, ["type"] = 1 });
        }

        using var _ = await SendAsync(RestRoute.Commands(applicationId, guildId), array, cancellationToken)
            .ConfigureAwait(false);
    }

    public async Task DeferInteractionAsync(
        ulong interactionId,
        string interactionToken,
        CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["type"] = 5 };
        using var _ = await SendAsync(RestRoute.InteractionCallback(interactionId, interactionToken), body,
            cancellationToken).ConfigureAwait(false);
    }

    public async Task EditOriginalResponseAsync(
        ulong applicationId,
        string interactionToken,
        string content,
        CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["content"] = content };
        using var _ = await SendAsync(RestRoute.EditOriginal(applicationId, interactionToken), body,
            cancellationToken).ConfigureAwait(false);
    }

    public async Task CreateMessageAsync(ulong channelId, string content, CancellationToken cancellationToken = default)
    {
        var body = new JsonObject { ["content"] = content };
        using var _ = await SendAsync(RestRoute.CreateMessage(channelId), body, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Sends with rate limiting and 429 retries; returns the parsed body (null when empty).</summary>
    private async Task<JsonDocument?> SendAsync(RestRoute route, JsonNode? body, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            await _limiter.WaitAsync(route, cancellationToken).ConfigureAwait(false);
            using var request = BuildRequest(route, body);
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            _limiter.Update(route, response);
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.TooManyRequests)
            {
                return Finish(route, response, text);
            }

            var (retryAfter, global) = ReadRateLimit(response, text);
            Log.RestRateLimited(_logger, route.Template, retryAfter.TotalMilliseconds, global, attempt + 1);
            if (attempt >= MaxRateLimitRetries)
            {
                ThrowFailure(route, response.StatusCode, text);
            }

            _limiter.OnRateLimited(route, retryAfter, global);
        }
    }

    private HttpRequestMessage BuildRequest(RestRoute route, JsonNode? body)
    {
        var request = new HttpRequestMessage(route.Method, new Uri(_base, route.Path));
        request.Headers.Authorization = _auth;
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        return request;
    }

    private JsonDocument? Finish(RestRoute route, HttpResponseMessage response, string text)
    {
        if (!response.IsSuccessStatusCode)
        {
            Log.RestFailed(_logger, route.Template, (int)response.StatusCode);
            ThrowFailure(route, response.StatusCode, text);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            DiscordRestException.ThrowInvalid(route.Template, "the answer is not JSON", ex);
            return null;
        }
    }

    private static void ThrowFailure(RestRoute route, HttpStatusCode status, string text)
    {
        int? code = null;
        string? message = null;
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                code = doc.RootElement.TryGetProperty("code", out var c) && c.TryGetInt32(out var v) ? v : null;
                message = doc.RootElement.TryGetProperty("message", out var m) ? m.ToString() : null;
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, say): the status alone has to do.
        }

        if (message is { Length: > MaxErrorText })
        {
            message = message[..MaxErrorText];
        }

        DiscordRestException.Throw(route.Template, status, code, message);
    }

    /// <summary>429 body: <c>{ "message", "retry_after": seconds (fractional), "global": bool }</c>; headers
    /// <c>Retry-After</c> (whole seconds) and <c>X-RateLimit-Global</c> as fallbacks.</summary>
    private static (TimeSpan RetryAfter, bool Global) ReadRateLimit(HttpResponseMessage response, string text)
    {
        double seconds = -1;
        var global = response.Headers.TryGetValues("X-RateLimit-Global", out var g)
            && g.Any(v => v.Equals("true", StringComparison.OrdinalIgnoreCase));
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("retry_after", out var r) && r.ValueKind == JsonValueKind.Number)
                {
                    seconds = r.GetDouble();
                }

                global |= root.TryGetProperty("global", out var gl) && gl.ValueKind == JsonValueKind.True;
            }
        }
        catch (JsonException)
        {
            // Fall back to the headers below.
        }

        if (seconds < 0 && response.Headers.TryGetValues("Retry-After", out var ra))
        {
            RestRateLimiter.TryParseSeconds(ra.FirstOrDefault(), out seconds);
        }

        seconds = double.IsFinite(seconds) ? Math.Clamp(seconds, 0, 3600) : 1;
        return (TimeSpan.FromSeconds(seconds < 0 ? 1 : seconds), global);
    }
}
