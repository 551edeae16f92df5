using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Pandora.Tests.Discord.Fakes;

/// <summary>A Kestrel WebSocket server on 127.0.0.1 (random port). Every accepted socket is handed to the test,
/// which scripts the conversation.</summary>
internal sealed class FakeWebSocketServer : IAsyncDisposable
{
    private readonly Channel<FakeSocket> _accepted = Channel.CreateUnbounded<FakeSocket>();
    private readonly List<FakeSocket> _all = [];
    private WebApplication? _app;

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>host:port, the form a VOICE_SERVER_UPDATE endpoint has.</summary>
    public string HostPort => $"{BaseUri.Host}:{BaseUri.Port}";

    public static async Task<FakeWebSocketServer> StartAsync()
    {
        var server = new FakeWebSocketServer();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseWebSockets();
        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.First();
        server.BaseUri = new Uri(address.Replace("http://", "ws://", StringComparison.Ordinal));
        server._app = app;
        return server;
    }

    public async Task<FakeSocket> AcceptAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return await _accepted.Reader.ReadAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        lock (_all)
        {
            _all.ForEach(s => s.Abort());
        }

        if (_app is not null)
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await _app.StopAsync(stop.Token);
            await _app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        var ws = await context.WebSockets.AcceptWebSocketAsync();
        var socket = new FakeSocket(ws, context.Request.Path.Value ?? "", context.Request.QueryString.Value ?? "");
        lock (_all)
        {
            _all.Add(socket);
        }

        _accepted.Writer.TryWrite(socket);
        await socket.Finished;
    }
}
