using System.Buffers.Binary;
using System.Text.Json;
using Pandora.Discord.Crypto;
using Pandora.Discord.Gateway.Internal;
using Pandora.Discord.Internal;
using Pandora.Discord.Voice.Internal;

namespace Pandora.Discord.Voice;

/// <summary>Voice gateway messages: JSON <c>{op, d, seq?}</c> and binary <c>seq u16 | op u8 | payload</c>.</summary>
public sealed partial class VoiceConnection
{
    private long _malformed;
    private long _unknownOpcodes;
    private long _daveMessages;
    private long _resumes;

    /// <summary>Binary frames are DAVE ops 25-30 (brief §2.1); the seq prefix counts for seq_ack.</summary>
    private void HandleBinary(ReadOnlySpan<byte> data)
    {
        if (data.Length < 3)
        {
            BadMessage(ref _malformed, "short binary frame");
            return;
        }

        Volatile.Write(ref _lastSeq, BinaryPrimitives.ReadUInt16BigEndian(data));
        var op = data[2];
        if (op is < (int)VoiceOpcode.DaveMlsExternalSender or > (int)VoiceOpcode.DaveMlsWelcome)
        {
            BadMessage(ref _unknownOpcodes, $"binary opcode {op}");
            return;
        }

        Interlocked.Increment(ref _daveMessages);
        try
        {
            _dave.OnBinaryMessage(op, data[3..]);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            BadMessage(ref _malformed, $"DAVE hook failed on opcode {op}: {ex.GetType().Name}");
        }
    }

    /// <summary>Returns an outcome when the message ends this socket.</summary>
    private async ValueTask<VoiceOutcome?> HandleTextAsync(VoiceSocketState state, ReadOnlyMemory<byte> data)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(data);
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
                return await DispatchAsync(state, document.RootElement).ConfigureAwait(false);
            }
            catch (PayloadFieldException ex)
            {
                BadMessage(ref _malformed, "missing field " + ex.Field);
                return null;
            }
            catch (Exception ex) when (PayloadErrors.IsPayloadError(ex))
            {
                BadMessage(ref _malformed, "unreadable payload: " + ex.GetType().Name);
                return null;
            }
        }
    }

    private async ValueTask<VoiceOutcome?> DispatchAsync(VoiceSocketState state, JsonElement root)
    {
        var op = Json.Int(root, "op");
        if (Json.Prop(root, "seq", out var seq) && seq.TryGetInt32(out var s))
        {
            Volatile.Write(ref _lastSeq, s);
        }

        Json.Prop(root, "d", out var d);
        switch ((VoiceOpcode)op)
        {
            case VoiceOpcode.Hello:
                OnHello(state, Json.Number(d, "heartbeat_interval"));
                break;
            case VoiceOpcode.HeartbeatAck:
                state.Acknowledge();
                break;
            case VoiceOpcode.Ready:
                return await OnReadyAsync(state, d).ConfigureAwait(false);
            case VoiceOpcode.SessionDescription:
                return OnSessionDescription(d);
            case VoiceOpcode.Resumed:
                Interlocked.Increment(ref _resumes);
                Log.VoiceResumed(_logger);
                Emit(new VoiceResumed());
                break;
            default:
                OnRoster(op, d);
                break;
        }

        return null;
    }

    /// <summary>Op 5, 11, 13 and the DAVE JSON ops; anything else is counted and ignored.</summary>
    private void OnRoster(int op, JsonElement d)
    {
        switch ((VoiceOpcode)op)
        {
            case VoiceOpcode.Speaking:
                var userId = Json.Snowflake(d, "user_id");
                var ssrc = (uint)Json.Number(d, "ssrc");
                var flags = Json.Prop(d, "speaking", out var f) && f.TryGetInt32(out var v) ? v : 0;
                _receiver.MapSsrc(ssrc, userId);
                Emit(new VoiceSpeaking(userId, ssrc, flags));
                break;
            case VoiceOpcode.ClientsConnect:
                var ids = Json.Array(d, "user_ids").Select(e => ulong.TryParse(e.GetString(), out var id)
                    ? id
                    : Json.Throw<ulong>("user_ids")).ToList();
                CallDave(op, d);
                Emit(new VoiceClientsConnected(ids));
                break;
            case VoiceOpcode.ClientDisconnect:
                var gone = Json.Snowflake(d, "user_id");
                _receiver.RemoveUser(gone);
                CallDave(op, d);
                Emit(new VoiceClientDisconnected(gone));
                break;
            case >= VoiceOpcode.DavePrepareTransition and <= VoiceOpcode.DaveMlsInvalidCommitWelcome:
                Interlocked.Increment(ref _daveMessages);
                CallDave(op, d);
                break;
            default:
                BadMessage(ref _unknownOpcodes, $"opcode {op}");
                break;
        }
    }

    private void OnHello(VoiceSocketState state, double intervalMs)
    {
        if (state.HelloReceived || !double.IsFinite(intervalMs) || intervalMs < 1)
        {
            return;
        }

        state.HelloReceived = true;
        _ = HeartbeatLoopAsync(state, TimeSpan.FromMilliseconds(intervalMs));
    }

    /// <summary>Op 2: UDP socket, IP discovery, then op 1 Select Protocol.</summary>
    private async ValueTask<VoiceOutcome?> OnReadyAsync(VoiceSocketState state, JsonElement d)
    {
        var ssrc = (uint)Json.Number(d, "ssrc");
        var ip = Json.String(d, "ip");
        var port = Json.Int(d, "port");
        var modes = Json.Array(d, "modes").Where(m => m.ValueKind == JsonValueKind.String)
            .Select(m => m.GetString()!).ToList();
        if (TransportModes.Choose(modes) is not { } mode)
        {
            return new VoiceOutcome(false, null, "the server offers no supported encryption mode", true, true);
        }

        _identified = true;
        OwnSsrc = ssrc;
        var discovered = await DiscoverAsync(ip, port, ssrc).ConfigureAwait(false);
        if (discovered is not { } local)
        {
            return new VoiceOutcome(false, null, "UDP IP discovery got no answer", true, true);
        }

        await state.Link.SendAsync(VoicePayloads.SelectProtocol(local.Address, local.Port, mode.ToWireName()))
            .ConfigureAwait(false);
        return null;
    }

    /// <summary>Op 4: <c>mode</c>, <c>secret_key</c> (32 ints 0-255), <c>dave_protocol_version</c>.</summary>
    private VoiceOutcome? OnSessionDescription(JsonElement d)
    {
        var modeName = Json.String(d, "mode");
        if (!TransportModes.TryParse(modeName, out var mode))
        {
            return new VoiceOutcome(false, null, "the server chose an unsupported encryption mode", true, true);
        }

        var key = ReadKey(d);
        var dave = Json.Prop(d, "dave_protocol_version", out var v) && v.TryGetInt32(out var version) ? version : 0;
        _receiver.SetCipher(new TransportCipher(mode, key));
        Array.Clear(key);
        _dave.OnSessionDescription(dave);
        if (dave > 0 && _dave is NoDaveSessionHook)
        {
            Log.VoiceDaveMissing(_logger, dave);
        }

        StartUdpLoops();
        Log.VoiceSessionReady(_logger, modeName, dave);
        Emit(new VoiceSessionReady(OwnSsrc, modeName, dave));
        _sessionReady.TrySetResult();
        return null;
    }

    private static byte[] ReadKey(JsonElement d)
    {
        if (!Json.Prop(d, "secret_key", out var array) || array.ValueKind != JsonValueKind.Array
            || array.GetArrayLength() != 32)
        {
            return Json.Throw<byte[]>("secret_key");
        }

        var key = new byte[32];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            key[i++] = item.TryGetByte(out var b) ? b : Json.Throw<byte>("secret_key");
        }

        return key;
    }

    /// <summary>A failing DAVE hook costs that message, not the voice connection.</summary>
    private void CallDave(int op, JsonElement d)
    {
        try
        {
            _dave.OnJsonMessage(op, d);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            BadMessage(ref _malformed, $"DAVE hook failed on opcode {op}: {ex.GetType().Name}");
        }
    }

    private void BadMessage(ref long counter, string kind)
    {
        var count = Interlocked.Increment(ref counter);
        if ((count & (count - 1)) == 0)
        {
            Log.VoiceBadMessage(_logger, kind, count);
        }
    }
}
