using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pandora.Discord.Gateway.Internal;
using Pandora.Discord.Internal;
using Pandora.Discord.Rest;

namespace Pandora.Discord.Gateway;

/// <summary>
/// Main gateway v10 client (JSON encoding, no transport compression). Keeps the session alive by itself: heartbeats
/// with zombie detection, Resume after drops, op 7 and op 9, re-Identify or stop according to the close code, and
/// exponential backoff when connecting fails. Thread safe; <see cref="Events"/> has a single reader.
/// </summary>
public sealed partial class GatewayClient : IGatewayClient
{
    private const int SendLimit = 120;
    private const int SendReserve = 10;
    private static readonly TimeSpan s_sendWindow = TimeSpan.FromSeconds(60);

    private readonly DiscordOptions _options;
    private readonly IDiscordRest _rest;
    private readonly ILogger _logger;
    private readonly Channel<GatewayEvent> _events =
        Channel.CreateUnbounded<GatewayEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private TaskCompletionSource<WebSocketLink> _live = NewLiveSource();
    private WebSocketLink? _current;
    private Task? _run;
    private string? _sessionId;
    private Uri? _resumeUrl;
    private long _seq = -1;
    private int _stopped;
    private int _disposed;

    public GatewayClient(DiscordOptions options, IDiscordRest rest, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rest);
        _options = options;
        _rest = rest;
        _logger = (ILogger?)loggerFactory?.CreateLogger<GatewayClient>() ?? NullLogger.Instance;
    }

    public ChannelReader<GatewayEvent> Events => _events.Reader;

    public DiscordUser? CurrentUser { get; private set; }

    public ulong? ApplicationId { get; private set; }

    internal GatewayTimings Timings { get; init; } = GatewayTimings.Default;

    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopped != 0 && _run is null, this);
            _run ??= Task.Run(RunAsync);
        }

        return _ready.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Op 4. Waits for a live (READY or RESUMED) connection first, and sends again on the next one when the
    /// connection drops under the send. Throws <see cref="DiscordGatewayException"/> once the client stopped.</summary>
    public async ValueTask UpdateVoiceStateAsync(
        ulong guildId,
        ulong? channelId,
        bool selfMute,
        bool selfDeaf,
        CancellationToken cancellationToken = default)
    {
        var payload = GatewayPayloads.VoiceStateUpdate(guildId, channelId, selfMute, selfDeaf);
        for (var attempt = 1; ; attempt++)
        {
            var link = await LiveLinkAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await link.SendAsync(payload, cancellationToken: cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception ex) when (attempt < 3 && !cancellationToken.IsCancellationRequested
                && ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // The connection dropped under the send: wait for the resumed one and send again.
                ClearLive(link);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Task? run;
        WebSocketLink? current;
        lock (_gate)
        {
            run = _run;
            current = _current;
            _run ??= Task.CompletedTask;
        }

        if (current is not null)
        {
            await current.CloseAsync(1000, "shutting down", Timings.CloseTimeout).ConfigureAwait(false);
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        if (run is not null)
        {
            await run.ConfigureAwait(false);
        }

        Stop(null, "disposed");
        _stop.Dispose();
    }

    private static TaskCompletionSource<WebSocketLink> NewLiveSource() =>
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task<WebSocketLink> LiveLinkAsync(CancellationToken cancellationToken)
    {
        Task<WebSocketLink> live;
        lock (_gate)
        {
            live = _live.Task;
        }

        return await live.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private void SetLive(WebSocketLink link)
    {
        lock (_gate)
        {
            if (!_live.TrySetResult(link) && _live.Task.IsCompletedSuccessfully && _live.Task.Result != link)
            {
                _live = NewLiveSource();
                _live.TrySetResult(link);
            }
        }
    }

    private void ClearLive(WebSocketLink link)
    {
        lock (_gate)
        {
            if (_live.Task.IsCompletedSuccessfully && _live.Task.Result == link)
            {
                _live = NewLiveSource();
            }
        }
    }

    /// <summary>Ends the client: one <see cref="GatewayStoppedEvent"/>, StartAsync and pending sends fail.</summary>
    private void Stop(int? closeCode, string reason)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        if (reason != "disposed")
        {
            Log.GatewayStopped(_logger, closeCode, reason);
        }

        var error = new DiscordGatewayException(closeCode, $"The gateway stopped: {reason}");
        _ready.TrySetException(error);
        lock (_gate)
        {
            if (!_live.TrySetException(error))
            {
                _live = NewLiveSource();
                _live.TrySetException(error);
            }
        }

        _events.Writer.TryWrite(new GatewayStoppedEvent(closeCode, reason));
        _events.Writer.TryComplete();
    }
}
