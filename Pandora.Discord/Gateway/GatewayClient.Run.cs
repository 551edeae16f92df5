using Pandora.Discord.Gateway.Internal;
using Pandora.Discord.Internal;
using Pandora.Discord.Rest;

namespace Pandora.Discord.Gateway;

/// <summary>The reconnect loop: one connection at a time, then the close-code table decides what next.</summary>
public sealed partial class GatewayClient
{
    private async Task RunAsync()
    {
        try
        {
            await RunLoopAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A bug, not a network event: stop loudly instead of hanging silently.
            Log.GatewayCrashed(_logger, ex);
            Stop(null, "internal error: " + ex.GetType().Name);
        }
    }

    private async Task RunLoopAsync()
    {
        var failures = 0;
        while (!_stop.IsCancellationRequested)
        {
            var outcome = await ConnectOnceAsync().ConfigureAwait(false);
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            failures = outcome.Healthy ? 0 : failures + 1;
            Log.GatewayDisconnected(_logger, outcome.CloseCode, outcome.Reason, outcome.Next.ToString());
            if (!await PrepareNextAsync(outcome, failures).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    /// <summary>Applies the outcome; false when the client stops.</summary>
    private async Task<bool> PrepareNextAsync(ConnectionOutcome outcome, int failures)
    {
        try
        {
            switch (outcome.Next)
            {
                case NextStep.Stop:
                    Stop(outcome.CloseCode, outcome.Reason);
                    return false;
                case NextStep.Identify:
                    ClearSession();
                    break;
                case NextStep.IdentifyAfterDelay:
                    ClearSession();
                    await Task.Delay(Timings.InvalidSessionDelay(), _stop.Token).ConfigureAwait(false);
                    break;
            }

            // Even after a healthy connection wait a little, so a server that drops every new socket right after
            // Hello cannot turn this into a tight loop.
            var delay = failures > 0 ? Timings.Backoff(failures) : Timings.BackoffBase / 4;
            await Task.Delay(delay, _stop.Token).ConfigureAwait(false);

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task<ConnectionOutcome> ConnectOnceAsync()
    {
        var resume = _sessionId is not null;
        Uri baseUrl;
        try
        {
            baseUrl = (resume ? _resumeUrl : null)
                ?? await _rest.GetGatewayUrlAsync(_stop.Token).ConfigureAwait(false);
        }
        catch (DiscordRestException ex) when (ex.Kind == DiscordRestErrorKind.Unauthorized)
        {
            return new ConnectionOutcome(NextStep.Stop, null, "the REST API refused the token");
        }
        catch (Exception ex) when (!_stop.IsCancellationRequested)
        {
            Log.GatewayConnectFailed(_logger, ex, "GET /gateway/bot");
            return new ConnectionOutcome(NextStep.Resume, null, "GET /gateway/bot failed");
        }
        catch (OperationCanceledException)
        {
            return new ConnectionOutcome(NextStep.Stop, null, "disposed");
        }

        return await RunConnectionAsync(GatewayUri(baseUrl), resume).ConfigureAwait(false);
    }

    private async Task<ConnectionOutcome> RunConnectionAsync(Uri uri, bool resume)
    {
        Log.GatewayConnecting(_logger, uri.Host, resume);
        WebSocketLink link;
        try
        {
            var window = new SendWindow(SendLimit, s_sendWindow, SendReserve);
            link = await WebSocketLink.ConnectAsync(uri, Timings.MaxMessageBytes, window, Timings.ConnectTimeout,
                _stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (!_stop.IsCancellationRequested)
        {
            Log.GatewayConnectFailed(_logger, ex, "WebSocket connect");
            return new ConnectionOutcome(NextStep.Resume, null, "connect failed");
        }
        catch (OperationCanceledException)
        {
            return new ConnectionOutcome(NextStep.Stop, null, "disposed");
        }

        Interlocked.Increment(ref _connections);
        lock (_gate)
        {
            _current = link;
        }

        var connection = new GatewayConnection(link, resume);
        try
        {
            return await ReceiveLoopAsync(connection).ConfigureAwait(false);
        }
        finally
        {
            ClearLive(link);
            lock (_gate)
            {
                _current = null;
            }

            await link.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void ClearSession()
    {
        _sessionId = null;
        _resumeUrl = null;
        Interlocked.Exchange(ref _seq, -1);
    }

    /// <summary>The gateway URL with <c>?v=10&amp;encoding=json</c> (any query of the base is replaced).</summary>
    private static Uri GatewayUri(Uri baseUrl)
    {
        var builder = new UriBuilder(baseUrl) { Query = "v=10&encoding=json" };
        if (string.IsNullOrEmpty(builder.Path))
        {
            builder.Path = "/";
        }

        return builder.Uri;
    }

    /// <summary>Close codes (Discord "Gateway Close Event Codes", brief §1.1).</summary>
    private static ConnectionOutcome Decide(int? code, string reason, bool healthy) => code switch
    {
        (int)GatewayCloseCode.AuthenticationFailed or (>= 4010 and <= 4014) =>
            new ConnectionOutcome(NextStep.Stop, code, reason, healthy),
        (int)GatewayCloseCode.InvalidSeq or (int)GatewayCloseCode.SessionTimedOut =>
            new ConnectionOutcome(NextStep.Identify, code, reason, healthy),
        _ => new ConnectionOutcome(NextStep.Resume, code, reason, healthy),
    };
}
