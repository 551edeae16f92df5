using System.Net.WebSockets;
using Pandora.Discord.Internal;
using Pandora.Discord.Voice.Internal;

namespace Pandora.Discord.Voice;

/// <summary>The socket loop: Identify once, then Resume after every drop until a close code says otherwise.</summary>
public sealed partial class VoiceConnection
{
    private bool _identified;

    private async Task RunAsync()
    {
        try
        {
            await RunLoopAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A bug, not a network event: report it as a close so the owner can rejoin.
            Log.VoiceCrashed(_logger, ex);
            Close(null, "internal error: " + ex.GetType().Name, rejoin: true);
        }
    }

    private async Task RunLoopAsync()
    {
        var failures = 0;
        while (!_stop.IsCancellationRequested)
        {
            var outcome = await RunSocketAsync(resume: _identified).ConfigureAwait(false);
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            failures = outcome.Healthy ? 0 : failures + 1;
            if (!outcome.Resume || failures >= Timings.MaxFailedReconnects)
            {
                var reason = outcome.Resume ? $"gave up reconnecting: {outcome.Reason}" : outcome.Reason;
                Close(outcome.CloseCode, reason, outcome.Rejoin);
                return;
            }

            // Media keeps flowing over UDP meanwhile, so a short pause costs nothing and stops a server that drops
            // every new socket from turning this into a tight loop.
            Log.VoiceDropped(_logger, outcome.CloseCode, outcome.Reason);
            if (!await DelayAsync(Timings.ReconnectBackoff * Math.Max(1, failures)).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private async Task<bool> DelayAsync(TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _stop.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<VoiceOutcome> RunSocketAsync(bool resume)
    {
        var uri = new Uri($"{_options.VoiceScheme}://{_info.Endpoint}/?v=8");
        Log.VoiceConnecting(_logger, _info.Endpoint, resume);
        WebSocketLink link;
        try
        {
            link = await WebSocketLink.ConnectAsync(uri, Timings.MaxMessageBytes, null, Timings.ConnectTimeout,
                _stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or
            System.Net.Http.HttpRequestException)
        {
            return new VoiceOutcome(true, null, "connect failed: " + ex.GetType().Name, true, false);
        }

        lock (_gate)
        {
            _current = link;
        }

        var state = new VoiceSocketState(link, resume);
        try
        {
            var opening = resume
                ? VoicePayloads.Resume(_info, Volatile.Read(ref _lastSeq))
                : VoicePayloads.Identify(_info, _options.MaxDaveProtocolVersion);
            await link.SendAsync(opening).ConfigureAwait(false);
            return await ReceiveLoopAsync(state).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or InvalidDataException)
        {
            var reason = state.Dead ? "heartbeats unanswered" : ex.GetType().Name;
            return new VoiceOutcome(true, null, reason, true, state.HelloReceived);
        }
        finally
        {
            lock (_gate)
            {
                _current = null;
            }

            await link.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<VoiceOutcome> ReceiveLoopAsync(VoiceSocketState state)
    {
        while (true)
        {
            var message = await state.Link.ReceiveAsync().ConfigureAwait(false);
            if (message.IsClose)
            {
                var reason = string.IsNullOrEmpty(message.CloseReason) ? "closed by server" : message.CloseReason;
                return VoiceOutcome.FromClose(message.CloseCode, reason, state.HelloReceived);
            }

            if (message.Type == WebSocketMessageType.Binary)
            {
                HandleBinary(message.Data.Span);
                continue;
            }

            if (await HandleTextAsync(state, message.Data).ConfigureAwait(false) is { } end)
            {
                return end;
            }
        }
    }

    private async Task HeartbeatLoopAsync(VoiceSocketState state, TimeSpan interval)
    {
        var token = state.Link.Token;
        try
        {
            while (!token.IsCancellationRequested)
            {
                await Task.Delay(interval, token).ConfigureAwait(false);
                var missed = state.MissOne();
                if (missed >= Timings.MissedHeartbeatLimit)
                {
                    // discord.js's rule: three unanswered heartbeats mean a dead link. Dropping the socket without a
                    // close frame keeps the session resumable.
                    Log.VoiceHeartbeatDead(_logger, missed);
                    state.Dead = true;
                    state.Link.Abort();
                    return;
                }

                var nonce = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                await state.Link.SendAsync(VoicePayloads.Heartbeat(nonce, Volatile.Read(ref _lastSeq)))
                    .ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The receive loop reports why the socket ended.
        }
    }
}
