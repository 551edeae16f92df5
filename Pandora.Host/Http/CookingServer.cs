using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pandora.Cooking.Cook;
using Pandora.Cooking.Raw;

namespace Pandora.Host.Http;

/// <summary>
/// The cooking server: <c>GET /&lt;id&gt;?key=&amp;format=&amp;container=&amp;level=</c> streams the cooked
/// recording as it is made (defaults: Opus, mix); a browser asking for the same address without a format or
/// container gets a page about the recording instead (<see cref="RecordingPage"/>). Errors are JSON
/// <c>{"error": "...", "status": N}</c>: 404 unknown id, 400 missing or wrong key or unknown option, 409 still
/// being recorded, 422 a format that cannot hold the recording (WAV over 4 GiB), 503 an encoder missing or too many
/// cooks at once. A client that goes away cancels its cook.
/// </summary>
public sealed class CookingServer : IAsyncDisposable
{
    private static readonly HashSet<string> s_options = ["key", "format", "container", "level"];

    private readonly WebApplication _app;
    private readonly RecordingStore _store;
    private readonly Cooker _cooker;
    private readonly CookingServerOptions _options;
    private readonly SemaphoreSlim _slots;
    private readonly ILogger _logger;

    private CookingServer(WebApplication app, CookingServerOptions options, ILoggerFactory loggerFactory)
    {
        _app = app;
        _options = options;
        _store = new RecordingStore(options.StoreFolder, options.WorkFolder);
        _cooker = new Cooker(loggerFactory.CreateLogger<Cooker>());
        _slots = new SemaphoreSlim(options.MaxConcurrentCooks);
        _logger = loggerFactory.CreateLogger<CookingServer>();
    }

    private long _served;
    private long _cancelled;
    private long _failed;

    /// <summary>Downloads finished, cancelled by the client going away, and failed after starting.</summary>
    public CookingServerStats Stats => new(Interlocked.Read(ref _served), Interlocked.Read(ref _cancelled),
        Interlocked.Read(ref _failed));

    /// <summary>The address the server listens on, with the port it got.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>Starts listening; logs each format whose encoder is missing.</summary>
    public static async Task<CookingServer> StartAsync(
        CookingServerOptions options,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Parse(options.Host), options.Port));
        WebApplication app = builder.Build();
        var server = new CookingServer(app, options, loggerFactory);
        app.MapGet("/", () => Results.Json(new ErrorBody("Ask for /<recording id>?key=<access key>.", 404),
            statusCode: 404));
        app.MapGet("/{id}", server.HandleAsync);
        app.MapFallback((HttpContext context) => ErrorAsync(context, 404, "No such address."));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        server.Address = new Uri(address);
        HostLog.ServerListening(server._logger, address);
        foreach (string problem in (options.Encoders ?? AudioEncoders.Default).Problems())
        {
            HostLog.EncoderMissing(server._logger, problem);
        }

        return server;
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Asked to stop.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _slots.Dispose();
    }

    private async Task HandleAsync(HttpContext context, string id)
    {
        IQueryCollection query = context.Request.Query;
        string? unknown = query.Keys.FirstOrDefault(k => !s_options.Contains(k) || query[k].Count != 1);
        if (unknown is not null)
        {
            await ErrorAsync(context, 400, $"Unknown or repeated option '{unknown}'.").ConfigureAwait(false);
            return;
        }

        switch (_store.Find(id, out string folder))
        {
            case RecordingState.NotFound:
                await ErrorAsync(context, 404, "No recording has this id.").ConfigureAwait(false);
                return;
            case RecordingState.StillRecording:
                await ErrorAsync(context, 409, "This recording is still being made; ask again once it has stopped.")
                    .ConfigureAwait(false);
                return;
        }

        RawRecordingMetadata? info;
        try
        {
            info = RawRecording.Open(folder, id).Info;
        }
        catch (RawRecordingException e)
        {
            // Files removed meanwhile, or an info file that is not JSON: nothing a client can fix.
            int status = e.Kind == RawRecordingErrorKind.NotFound ? 404 : 500;
            await ErrorAsync(context, status, status == 404 ? "No recording has this id." : "The recording is damaged.")
                .ConfigureAwait(false);
            return;
        }

        if (!RecordingStore.KeyMatches(info, query["key"]))
        {
            await ErrorAsync(context, 400, query.ContainsKey("key") ? "The key is wrong." : "The key is missing.")
                .ConfigureAwait(false);
            return;
        }

        if (!TryReadOptions(query, _options.Encoders, out CookOptions options, out string? problem))
        {
            await ErrorAsync(context, 400, problem!).ConfigureAwait(false);
            return;
        }

        if (WantsPage(context.Request))
        {
            await PageAsync(context, folder, id, query["key"]!).ConfigureAwait(false);
            return;
        }

        await CookAsync(context, folder, id, options).ConfigureAwait(false);
    }

    private async Task CookAsync(HttpContext context, string folder, string id, CookOptions options)
    {
        if (!await _slots.WaitAsync(0).ConfigureAwait(false))
        {
            context.Response.Headers.RetryAfter = "10";
            await ErrorAsync(context, 503, "Too many recordings are being cooked; try again shortly.")
                .ConfigureAwait(false);
            return;
        }

        try
        {
            PreparedCook prepared;
            try
            {
                prepared = await _cooker.PrepareAsync(folder, id, options, context.RequestAborted)
                    .ConfigureAwait(false);
            }
            catch (CookingException e)
            {
                int status = e.Kind == CookingErrorKind.OutputTooLarge ? 422 : 503;
                await ErrorAsync(context, status, e.Message).ConfigureAwait(false);
                return;
            }

            await StreamAsync(context, prepared).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task StreamAsync(HttpContext context, PreparedCook prepared)
    {
        string format = CookNames.NameOf(prepared.Options.Format);
        string container = prepared.Options.Container == CookContainer.Zip ? "zip" : "mix";
        HttpResponse response = context.Response;
        response.ContentType = prepared.Options.ContentType;
        response.Headers.ContentDisposition = ContentDisposition(prepared);
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Content-Type-Options"] = "nosniff";

        // The cooker writes synchronously from a pool thread, as it makes each piece.
        context.Features.Get<IHttpBodyControlFeature>()!.AllowSynchronousIO = true;
        try
        {
            CookResult result = await prepared.WriteAsync(response.Body, null, context.RequestAborted)
                .ConfigureAwait(false);
            Interlocked.Increment(ref _served);
            HostLog.Served(_logger, prepared.Id, format, container, result.Duration.TotalSeconds);
        }
        catch (Exception e) when (context.RequestAborted.IsCancellationRequested)
        {
            _ = e;
            Interlocked.Increment(ref _cancelled);
            HostLog.DownloadCancelled(_logger, prepared.Id, format, container);
        }
        catch (Exception e)
        {
            // Headers and part of the body are gone: the only honest signal left is a broken connection.
            Interlocked.Increment(ref _failed);
            HostLog.CookFailed(_logger, e, prepared.Id);
            context.Abort();
        }
    }

    private async Task PageAsync(HttpContext context, string folder, string id, string key)
    {
        RecordingOverview overview = await _cooker.OverviewAsync(folder, id, 240, context.RequestAborted)
            .ConfigureAwait(false);
        AudioEncoders encoders = _options.Encoders ?? AudioEncoders.Default;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        await context.Response.WriteAsync(RecordingPage.Render(overview, key, encoders), context.RequestAborted)
            .ConfigureAwait(false);
    }

    // A browser navigating to the address asks for HTML first; a download link always names a format or container.
    private static bool WantsPage(HttpRequest request) =>
        !request.Query.ContainsKey("format") && !request.Query.ContainsKey("container") &&
        request.GetTypedHeaders().Accept.OrderByDescending(a => a.Quality ?? 1)
            .FirstOrDefault()?.MediaType.Value is "text/html";

    private static bool TryReadOptions(
        IQueryCollection query,
        AudioEncoders? encoders,
        out CookOptions options,
        out string? problem)
    {
        options = CookOptions.Default;
        problem = null;
        CookFormat format = CookFormat.Opus;
        CookContainer container = CookContainer.Mix;
        if (query.TryGetValue("format", out var f) && !CookNames.TryParseFormat(f, out format))
        {
            problem = $"Unknown format; use one of {string.Join(", ", CookNames.Formats)}.";
            return false;
        }

        if (query.TryGetValue("container", out var c) && !CookNames.TryParseContainer(c, out container))
        {
            problem = $"Unknown container; use one of {string.Join(", ", CookNames.Containers)}.";
            return false;
        }

        bool level = false;
        if (query.TryGetValue("level", out var l) && !TryParseFlag(l, out level))
        {
            problem = "level is true or false.";
            return false;
        }

        options = new CookOptions(format, container, Level: level, Encoders: encoders);
        return true;
    }

    private static bool TryParseFlag(string? value, out bool flag)
    {
        flag = value is "1" or "true" or "on";
        return flag || value is "0" or "false" or "off";
    }

    /// <summary><c>attachment</c> with a name made of the start time, channel and id, all safe characters.
    /// </summary>
    internal static string ContentDisposition(PreparedCook prepared)
    {
        string start = prepared.Info?.StartTime?.ToUniversalTime()
            .ToString("yyyy-MM-dd_HH-mm-ss", CultureInfo.InvariantCulture) ?? "recording";
        string channel = CookNames.SafeFileName(prepared.Info?.Channel ?? "channel", 40);
        string name = $"{start}_{channel}_{prepared.Id}.{prepared.Options.Extension}";
        return $"attachment; filename=\"{name}\"";
    }

    private static Task ErrorAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(new ErrorBody(message, status), context.RequestAborted);
    }

    private sealed record ErrorBody(string Error, int Status);
}
