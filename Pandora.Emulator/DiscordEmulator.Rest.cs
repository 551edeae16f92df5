using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Pandora.Emulator;

public sealed partial class DiscordEmulator
{
    private const string ApiPrefix = "/api/v10";

    private readonly List<RestCall> _restCalls = [];

    private readonly List<RateLimitRule> _rateLimits = [];

    private readonly Dictionary<string, InteractionState> _interactions = new(StringComparer.Ordinal);

    private readonly Dictionary<string, JsonArray> _commands = new(StringComparer.Ordinal);

    /// <summary>Every REST call received so far, in arrival order (a snapshot).</summary>
    public IReadOnlyList<RestCall> RestCalls
    {
        get
        {
            lock (_gate)
            {
                return [.. _restCalls];
            }
        }
    }

    /// <summary>
    /// The application commands the bot registered, keyed by "global" or the guild id; each value is the JSON
    /// array as stored (with ids added).
    /// </summary>
    public IReadOnlyDictionary<string, string> RegisteredCommands
    {
        get
        {
            lock (_gate)
            {
                return _commands.ToDictionary(p => p.Key, p => p.Value.ToJsonString(), StringComparer.Ordinal);
            }
        }
    }

    /// <summary>
    /// Makes the next <paramref name="times"/> requests with that method whose path (below /api/v10) starts with
    /// <paramref name="pathPrefix"/> fail with 429, <c>retry_after</c> and bucket headers.
    /// </summary>
    public void InjectRateLimit(
        string method,
        string pathPrefix,
        TimeSpan retryAfter,
        int times = 1,
        bool global = false)
    {
        lock (_gate)
        {
            _rateLimits.Add(new RateLimitRule(method, pathPrefix, retryAfter, global) { Remaining = times });
        }
    }

    private async Task HandleMainAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (path == "/gateway" || path == "/gateway/")
        {
            await HandleGatewayAsync(context).ConfigureAwait(false);
            return;
        }

        if (!path.StartsWith(ApiPrefix + "/", StringComparison.Ordinal))
        {
            await WriteJsonAsync(context, 404, """{"message":"404: Not Found","code":0}""").ConfigureAwait(false);
            return;
        }

        await HandleRestAsync(context, path[ApiPrefix.Length..]).ConfigureAwait(false);
    }

    private async Task HandleRestAsync(HttpContext context, string path)
    {
        var method = context.Request.Method;
        var (body, files) = await ReadBodyAsync(context.Request).ConfigureAwait(false);
        var (status, json, headers) = AnswerRest(context, method, path, body);
        lock (_gate)
        {
            _restCalls.Add(new RestCall(method, path, body, status, UtcNow) { Files = files });
        }

        Log.Rest(_logger, method, path, status);
        foreach (var (name, value) in headers)
        {
            context.Response.Headers[name] = value;
        }

        await WriteJsonAsync(context, status, json).ConfigureAwait(false);
    }

    /// <summary>
    /// The JSON body: the request body, or for multipart/form-data (uploads) the <c>payload_json</c> part, with the
    /// uploaded files' names and sizes.
    /// </summary>
    private static async Task<(string Body, IReadOnlyList<RestFile> Files)> ReadBodyAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
            var files = form.Files.Select(f => new RestFile(f.Name, f.FileName, f.Length)).ToArray();
            return (form["payload_json"].ToString(), files);
        }

        using var reader = new StreamReader(request.Body);
        return (await reader.ReadToEndAsync(request.HttpContext.RequestAborted).ConfigureAwait(false), []);
    }

    private (int Status, string? Json, IReadOnlyList<(string, string)> Headers) AnswerRest(
        HttpContext context,
        string method,
        string path,
        string body)
    {
        var segments = path.Trim('/').Split('/');

        // Interaction callbacks and webhook edits are authorised by their token (Discord accepts them without
        // a bot token); every other route needs "Authorization: Bot <token>".
        var tokenRoute = segments[0] is "interactions" or "webhooks";
        var authorization = context.Request.Headers.Authorization.ToString();
        var authorised = authorization == "Bot " + _options.BotToken;
        if (!authorised && !(tokenRoute && authorization.Length == 0))
        {
            return (401, """{"message":"401: Unauthorized","code":0}""", []);
        }

        var limited = TakeRateLimit(method, path);
        if (limited is not null)
        {
            return limited.Value;
        }

        JsonNode? request = null;
        if (body.Length > 0)
        {
            try
            {
                request = JsonNode.Parse(body);
            }
            catch (JsonException)
            {
                return (400, """{"message":"The request body contains invalid JSON.","code":50109}""", []);
            }
        }

        return Route(method, segments, request);
    }

    private (int, string?, IReadOnlyList<(string, string)>) Route(string method, string[] s, JsonNode? request)
    {
        var ok = Bucket("0a1b2c3d4e5f");
        switch (method, s.Length)
        {
            // GET /gateway/bot
            case ("GET", 2) when s[0] == "gateway" && s[1] == "bot":
                return (200, new JsonObject
                {
                    ["url"] = GatewayAddress.ToString(),
                    ["shards"] = 1,
                    ["session_start_limit"] = new JsonObject
                    {
                        ["total"] = 1000, ["remaining"] = 999, ["reset_after"] = 86_400_000, ["max_concurrency"] = 1,
                    },
                }.ToJsonString(), ok);

            // GET /gateway
            case ("GET", 1) when s[0] == "gateway":
                return (200, new JsonObject { ["url"] = GatewayAddress.ToString() }.ToJsonString(), ok);

            // GET /users/@me
            case ("GET", 2) when s[0] == "users" && s[1] == "@me":
                return (200, UserJson(_guild.BotUserId).ToJsonString(), ok);

            // PUT|POST|GET /applications/{app}/commands and /applications/{app}/guilds/{guild}/commands
            case (_, 3 or 5) when s[0] == "applications" && s[^1] == "commands":
                return AnswerCommands(method, s, request, ok);

            // POST /interactions/{id}/{token}/callback
            case ("POST", 4) when s[0] == "interactions" && s[3] == "callback":
                return AnswerInteractionCallback(s[1], s[2], ok);

            // PATCH /webhooks/{app}/{token}/messages/@original, POST /webhooks/{app}/{token}
            case ("PATCH", 5) when s[0] == "webhooks" && s[3] == "messages":
            case ("POST", 3) when s[0] == "webhooks":
                return AnswerWebhook(s[1], s[2], request, ok);

            // POST /channels/{id}/messages
            case ("POST", 3) when s[0] == "channels" && s[2] == "messages":
                return (200, MessageJson(s[1], request).ToJsonString(), ok);

            default:
                return (404, """{"message":"404: Not Found","code":0}""", []);
        }
    }

    private (int, string?, IReadOnlyList<(string, string)>) AnswerCommands(
        string method,
        string[] s,
        JsonNode? request,
        IReadOnlyList<(string, string)> ok)
    {
        if (s[1] != Id(ApplicationId) || (s.Length == 5 && (s[2] != "guilds" || s[3] != Id(GuildId))))
        {
            return (404, """{"message":"Unknown Application","code":10002}""", []);
        }

        var scope = s.Length == 5 ? s[3] : "global";
        lock (_gate)
        {
            var stored = _commands.TryGetValue(scope, out var existing) ? existing : [];
            switch (method)
            {
                case "GET":
                    return (200, stored.ToJsonString(), ok);

                case "PUT" when request is JsonArray list:
                    stored = [.. list.Select(c => (JsonNode?)WithCommandIds(c!.DeepClone().AsObject(), scope))];
                    _commands[scope] = stored;
                    return (200, stored.ToJsonString(), ok);

                case "POST" when request is JsonObject one:
                    var command = WithCommandIds(one.DeepClone().AsObject(), scope);
                    var name = command["name"]?.GetValue<string>();
                    stored = [.. stored.Where(c => c?["name"]?.GetValue<string>() != name).Select(c => c!.DeepClone()),
                        command];
                    _commands[scope] = stored;
                    return (201, command.ToJsonString(), ok);

                default:
                    return (400, """{"message":"Invalid Form Body","code":50035}""", []);
            }
        }
    }

    private JsonObject WithCommandIds(JsonObject command, string scope)
    {
        command["id"] = Id(NextSnowflake());
        command["application_id"] = Id(ApplicationId);
        command["version"] = Id(NextSnowflake());
        command["type"] ??= 1;
        if (scope != "global")
        {
            command["guild_id"] = scope;
        }

        return command;
    }

    private (int, string?, IReadOnlyList<(string, string)>) AnswerInteractionCallback(
        string id,
        string token,
        IReadOnlyList<(string, string)> ok)
    {
        lock (_gate)
        {
            if (!_interactions.TryGetValue(id, out var interaction) || interaction.Token != token
                || UtcNow - interaction.SentAt > _options.InteractionDeadline)
            {
                return (404, """{"message":"Unknown interaction","code":10062}""", []);
            }

            if (interaction.Acknowledged)
            {
                return (400, """{"message":"Interaction has already been acknowledged.","code":40060}""", []);
            }

            interaction.Acknowledged = true;
            return (204, null, ok);
        }
    }

    private (int, string?, IReadOnlyList<(string, string)>) AnswerWebhook(
        string application,
        string token,
        JsonNode? request,
        IReadOnlyList<(string, string)> ok)
    {
        lock (_gate)
        {
            var known = application == Id(ApplicationId) && _interactions.Values.Any(i => i.Token == token);
            if (!known)
            {
                return (404, """{"message":"Unknown Webhook","code":10015}""", []);
            }
        }

        return (200, MessageJson(Id(TextChannelId), request).ToJsonString(), ok);
    }

    private JsonObject MessageJson(string channelId, JsonNode? request) => new()
    {
        ["id"] = Id(NextSnowflake()),
        ["type"] = 0,
        ["channel_id"] = channelId,
        ["author"] = UserJson(_guild.BotUserId),
        ["content"] = request?["content"]?.DeepClone() ?? "",
        ["timestamp"] = UtcNow.ToString("O", CultureInfo.InvariantCulture),
        ["edited_timestamp"] = null,
        ["tts"] = false,
        ["mention_everyone"] = false,
        ["mentions"] = new JsonArray(),
        ["attachments"] = new JsonArray(),
        ["embeds"] = request?["embeds"]?.DeepClone() ?? new JsonArray(),
        ["pinned"] = false,
        ["flags"] = request?["flags"]?.DeepClone() ?? 0,
    };

    private (int, string?, IReadOnlyList<(string, string)>)? TakeRateLimit(string method, string path)
    {
        lock (_gate)
        {
            var rule = _rateLimits.FirstOrDefault(r => r.Remaining > 0 && r.Method == method
                && path.StartsWith(r.PathPrefix, StringComparison.Ordinal));
            if (rule is null)
            {
                return null;
            }

            rule.Remaining--;
            var seconds = rule.RetryAfter.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
            List<(string, string)> headers =
            [
                ("Retry-After", Math.Ceiling(rule.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture)),
                ("X-RateLimit-Limit", "5"),
                ("X-RateLimit-Remaining", "0"),
                ("X-RateLimit-Reset", (UtcNow + rule.RetryAfter).ToUnixTimeMilliseconds() / 1000.0 is var r
                    ? r.ToString("0.###", CultureInfo.InvariantCulture) : "0"),
                ("X-RateLimit-Reset-After", seconds),
                ("X-RateLimit-Bucket", "emulated-" + rule.PathPrefix.Trim('/').Replace('/', '-')),
                ("X-RateLimit-Scope", rule.Global ? "global" : "user"),
            ];
            if (rule.Global)
            {
                headers.Add(("X-RateLimit-Global", "true"));
            }

            var global = rule.Global ? "true" : "false";
            var json = $$"""{"message":"You are being rate limited.","retry_after":{{seconds}},"global":{{global}}}""";
            return (429, json, headers);
        }
    }

    private IReadOnlyList<(string, string)> Bucket(string bucket) =>
    [
        ("X-RateLimit-Limit", "5"),
        ("X-RateLimit-Remaining", "4"),
        ("X-RateLimit-Reset",
            ((UtcNow.ToUnixTimeMilliseconds() / 1000.0) + 1).ToString("0.###", CultureInfo.InvariantCulture)),
        ("X-RateLimit-Reset-After", "1"),
        ("X-RateLimit-Bucket", bucket),
    ];

    private static async Task WriteJsonAsync(HttpContext context, int status, string? json)
    {
        context.Response.StatusCode = status;
        if (json is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(json).ConfigureAwait(false);
        }
    }

    private sealed record RateLimitRule(string Method, string PathPrefix, TimeSpan RetryAfter, bool Global)
    {
        public int Remaining { get; set; }
    }

    private sealed class InteractionState(string token, DateTimeOffset sentAt)
    {
        public string Token { get; } = token;

        public DateTimeOffset SentAt { get; } = sentAt;

        public bool Acknowledged { get; set; }
    }
}
