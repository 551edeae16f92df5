using System.Net.Sockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pandora.Discord.Internal;
using Pandora.Discord.Voice.Internal;

namespace Pandora.Discord.Voice;

/// <summary>
/// One voice gateway v8 session and its UDP socket, receive only. Resumes a dropped voice socket by itself (keeping
/// the UDP socket and keys); any other end is reported once as <see cref="VoiceClosed"/>, after which both channels
/// complete. Thread safe; <see cref="Packets"/> and <see cref="Events"/> each have a single reader.
/// </summary>
public sealed partial class VoiceConnection : IVoiceConnection
{
    private readonly VoiceConnectionInfo _info;
    private readonly DiscordOptions _options;
    private readonly IDaveSessionHook _dave;
    private readonly ILogger _logger;
    private readonly Channel<VoicePacket> _packets =
        Channel.CreateUnbounded<VoicePacket>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<VoiceEvent> _events =
        Channel.CreateUnbounded<VoiceEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TaskCompletionSource _sessionReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly VoiceReceiver _receiver;
    private readonly Lock _gate = new();
    private Task? _run;
    private WebSocketLink? _current;
    private Socket? _udp;
    private Task? _udpLoops;
    private int _lastSeq = -1;
    private int _closed;
    private int _disposed;

    public VoiceConnection(
        VoiceConnectionInfo info,
        DiscordOptions options,
        IDaveSessionHook? dave = null,
        ILogger<VoiceConnection>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(options);
        _info = info;
        _options = options;
        _dave = dave ?? NoDaveSessionHook.Instance;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _receiver = new VoiceReceiver(_packets.Writer, _dave);
        _dave.Attach(this);
    }

    public ChannelReader<VoicePacket> Packets => _packets.Reader;

    public ChannelReader<VoiceEvent> Events => _events.Reader;

    public VoiceStats Stats => _receiver.Snapshot(Interlocked.Read(ref _malformed),
        Interlocked.Read(ref _unknownOpcodes)) with
    {
        DaveMessages = Interlocked.Read(ref _daveMessages),
        Resumes = Interlocked.Read(ref _resumes),
        Dave = (_dave as Dave.DaveSession)?.Stats,
    };

    /// <summary>The SSRC the server gave this client in op 2 (0 before).</summary>
    public uint OwnSsrc { get; private set; }

    internal VoiceTimings Timings { get; init; } = VoiceTimings.Default;

    public Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed != 0 && _run is null, this);
            _run ??= Task.Run(RunAsync);
        }

        return _sessionReady.Task.WaitAsync(cancellationToken);
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
            await current.CloseAsync(1000, "leaving", Timings.CloseTimeout).ConfigureAwait(false);
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        if (run is not null)
        {
            await run.ConfigureAwait(false);
        }

        Close(null, "disposed", rejoin: false, report: false);
        _udp?.Dispose();
        if (_udpLoops is not null)
        {
            await _udpLoops.ConfigureAwait(false);
        }

        _receiver.Dispose();
        (_dave as Dave.DaveSession)?.Dispose();
        _stop.Dispose();
    }

    /// <summary>
    /// Ends the connection once: ConnectAsync fails if still pending, one VoiceClosed, channels complete.
    /// </summary>
    private void Close(int? closeCode, string reason, bool rejoin, bool report = true)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        if (report)
        {
            Log.VoiceClosed(_logger, closeCode, reason, rejoin);
            _events.Writer.TryWrite(new VoiceClosed(closeCode, reason, rejoin));
        }

        _sessionReady.TrySetException(new DiscordVoiceException(closeCode, reason, rejoin));
        _events.Writer.TryComplete();
        _packets.Writer.TryComplete();
        _stop.Cancel();
    }

    private void Emit(VoiceEvent evt) => _events.Writer.TryWrite(evt);
}
