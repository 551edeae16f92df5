using System.Net.WebSockets;
using System.Text.Json;
using Pandora.Discord.Gateway.Internal;
using Pandora.Discord.Internal;

namespace Pandora.Discord.Gateway;

/// <summary>Receiving: envelope <c>{op, d, s, t}</c>, opcodes, heartbeats.</summary>
public sealed partial class GatewayClient
{
    private async Task<ConnectionOutcome> ReceiveLoopAsync(GatewayConnection connection)
    {
        var link = connection.Link;
        try
        {
            while (true)
            {
                var message = await link.ReceiveAsync().ConfigureAwait(false);
                if (message.IsClose)
                {
                    var reason = string.IsNullOrEmpty(message.CloseReason) ? "closed by server" : message.CloseReason;
                    return Decide(message.CloseCode, reason, connection.HelloReceived);
                }

                Interlocked.Increment(ref _messagesReceived);
                if (await HandleMessageAsync(connection, message).ConfigureAwait(false) is { } planned)
                {
                    var code = planned.Next == NextStep.IdentifyAfterDelay ? 1000 : 4000;
                    await link.CloseAsync(code, "reconnecting", Timings.CloseTimeout).ConfigureAwait(false);
                    return planned;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or InvalidDataException)
        {
            if (_stop.IsCancellationRequested)
            {
                return new ConnectionOutcome(NextStep.Stop, null, "disposed");
            }

            return connection.Planned
                ?? new ConnectionOutcome(NextStep.Resume, null, ex.GetType().Name, connection.HelloReceived);
        }
    }

    /// <summary>Returns an outcome when the message ends the connection (op 7, op 9).</summary>
    private async ValueTask<ConnectionOutcome?> HandleMessageAsync(GatewayConnection connection, LinkMessage message)
    {
        if (message.Type != WebSocketMessageType.Text)
        {
            BadMessage(ref _malformed, "binary frame");
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(message.Data);
        }
        catch (JsonException)
        {
            BadMessage(ref _malformed, "malformed JSON");
            return null;
        }

        using (document)
        {
            try
            {
                return await HandleEnvelopeAsync(connection, document.RootElement).ConfigureAwait(false);
            }
            catch (PayloadFieldException ex)
            {
                BadMessage(ref _missingFields, "missing field " + ex.Field);
                return null;
            }
            catch (Exception ex) when (PayloadErrors.IsPayloadError(ex))
            {
                BadMessage(ref _malformed, "unreadable payload: " + ex.GetType().Name);
                return null;
            }
        }
    }

    private async ValueTask<ConnectionOutcome?> HandleEnvelopeAsync(GatewayConnection connection, JsonElement root)
    {
        var op = Json.Int(root, "op");
        root.TryGetProperty("d", out var d);
        switch ((GatewayOpcode)op)
        {
            case GatewayOpcode.Dispatch:
                HandleDispatch(connection, root, d);
                return null;
            case GatewayOpcode.Heartbeat:
                await SendHeartbeatAsync(connection, requested: true).ConfigureAwait(false);
                return null;
            case GatewayOpcode.Reconnect:
                return new ConnectionOutcome(NextStep.Resume, null, "op 7 reconnect", true);
            case GatewayOpcode.InvalidSession:
                var resumable = d.ValueKind == JsonValueKind.True;
                Log.GatewayInvalidSession(_logger, resumable);
                return new ConnectionOutcome(resumable ? NextStep.Resume : NextStep.IdentifyAfterDelay, null,
                    "op 9 invalid session", true);
            case GatewayOpcode.Hello:
                await HandleHelloAsync(connection, Json.Number(d, "heartbeat_interval")).ConfigureAwait(false);
                return null;
            case GatewayOpcode.HeartbeatAck:
                Interlocked.Increment(ref _heartbeatAcks);
                connection.Acknowledge();
                return null;
            default:
                BadMessage(ref _unknownOpcodes, $"unknown opcode {op}");
                return null;
        }
    }

    /// <summary>Op 10: start heartbeating, then Identify (op 2) or Resume (op 6).</summary>
    private async ValueTask HandleHelloAsync(GatewayConnection connection, double intervalMs)
    {
        if (connection.HelloReceived)
        {
            return;
        }

        if (!double.IsFinite(intervalMs) || intervalMs < 1)
        {
            throw new PayloadFieldException("heartbeat_interval");
        }

        connection.HelloReceived = true;
        _ = HeartbeatLoopAsync(connection, TimeSpan.FromMilliseconds(intervalMs));
        var seq = Interlocked.Read(ref _seq);
        if (connection.Resume && _sessionId is { } session && seq >= 0)
        {
            Interlocked.Increment(ref _resumes);
            await connection.Link.SendAsync(GatewayPayloads.Resume(_options.Token, session, seq)).ConfigureAwait(false);
            return;
        }

        Interlocked.Increment(ref _identifies);
        await connection.Link.SendAsync(GatewayPayloads.Identify(_options.Token, _options.Intents))
            .ConfigureAwait(false);
    }

    private async Task HeartbeatLoopAsync(GatewayConnection connection, TimeSpan interval)
    {
        var token = connection.Link.Token;
        try
        {
            await Task.Delay(interval * Timings.FirstHeartbeatJitter(), token).ConfigureAwait(false);
            while (!token.IsCancellationRequested)
            {
                if (!await SendHeartbeatAsync(connection).ConfigureAwait(false))
                {
                    return;
                }

                await Task.Delay(interval, token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The connection is over; the receive loop reports why.
        }
    }

    /// <summary>Sends op 1 with the last sequence. When the previous heartbeat was never acknowledged the link is
    /// a zombie: close it with a non-1000 code (so the session stays resumable) and return false. A heartbeat the
    /// server asked for (op 1) skips that check.</summary>
    private async ValueTask<bool> SendHeartbeatAsync(GatewayConnection connection, bool requested = false)
    {
        if (!connection.BeginHeartbeat() && !requested)
        {
            Interlocked.Increment(ref _zombies);
            Log.GatewayZombie(_logger);
            connection.Planned = new ConnectionOutcome(NextStep.Resume, null, "zombie connection", true);
            await connection.Link.CloseAsync(4000, "zombie", Timings.CloseTimeout).ConfigureAwait(false);
            return false;
        }

        Interlocked.Increment(ref _heartbeatsSent);
        var payload = GatewayPayloads.Heartbeat(Interlocked.Read(ref _seq));
        await connection.Link.SendAsync(payload, priority: true).ConfigureAwait(false);
        return true;
    }

    private void HandleDispatch(GatewayConnection connection, JsonElement root, JsonElement d)
    {
        if (root.TryGetProperty("s", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out var seq))
        {
            Interlocked.Exchange(ref _seq, seq);
        }

        var type = Json.String(root, "t");
        if (type == "READY")
        {
            var (ready, resumeUrl) = GatewayParser.ReadyWithResumeUrl(d);
            OnReady(connection, ready, resumeUrl);
            return;
        }

        var evt = GatewayParser.Parse(type, d);
        if (evt is null)
        {
            Interlocked.Increment(ref _dispatchesIgnored);
            return;
        }

        if (evt is ResumedEvent)
        {
            Log.GatewayResumed(_logger);
            SetLive(connection.Link);
        }

        Interlocked.Increment(ref _dispatchesHandled);
        _events.Writer.TryWrite(evt);
    }

    private void OnReady(GatewayConnection connection, ReadyEvent ready, string? resumeUrl)
    {
        _sessionId = ready.SessionId;
        _resumeUrl = Uri.TryCreate(resumeUrl, UriKind.Absolute, out var url) ? url : null;
        CurrentUser = ready.User;
        ApplicationId = ready.ApplicationId;
        Interlocked.Increment(ref _dispatchesHandled);
        Log.GatewayReady(_logger, ready.User.Id, ready.ApplicationId);
        _events.Writer.TryWrite(ready);
        SetLive(connection.Link);
        _ready.TrySetResult();
    }
}
