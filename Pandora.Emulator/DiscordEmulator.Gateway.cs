using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Pandora.Emulator.Internal;

namespace Pandora.Emulator;

public sealed partial class DiscordEmulator
{
    private readonly List<WebSocketPeer> _gatewayPeers = [];

    private readonly SemaphoreSlim _dispatchLock = new(1, 1);

    private GatewaySession? _session;

    /// <summary>True once the bot identified and READY / GUILD_CREATE were dispatched.</summary>
    public bool BotIdentified
    {
        get
        {
            lock (_gate)
            {
                return _session?.Ready == true;
            }
        }
    }

    /// <summary>Number of gateway connections (Identify or Resume) the bot opened so far.</summary>
    public int GatewayConnectionCount { get; private set; }

    /// <summary>Aborts every main gateway socket without a close frame; the session stays resumable.</summary>
    public Task DropGatewayConnectionsAsync()
    {
        AbortAll(_gatewayPeers);
        return Task.CompletedTask;
    }

    /// <summary>Sends op 7 Reconnect on the current gateway socket (the bot should resume).</summary>
    public Task RequestGatewayReconnectAsync() => SendToCurrentGatewayAsync("""{"op":7,"d":null,"s":null,"t":null}""");

    /// <summary>Sends op 1 on the current gateway socket: the bot must heartbeat immediately.</summary>
    public Task RequestHeartbeatAsync() => SendToCurrentGatewayAsync("""{"op":1,"d":null,"s":null,"t":null}""");

    /// <summary>
    /// Forgets the bot's gateway session and sends op 9 Invalid Session (<c>d:false</c>) on its socket: the bot must
    /// identify again (a resume will be refused with op 9 too).
    /// </summary>
    public async Task InvalidateGatewaySessionAsync()
    {
        WebSocketPeer? peer;
        lock (_gate)
        {
            peer = _session?.Peer;
            _session = null;
        }

        if (peer is not null)
        {
            await peer.SendTextAsync("""{"op":9,"d":false,"s":null,"t":null}""").ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sends <paramref name="text"/> as is (not numbered, not buffered) on the bot's gateway socket: for robustness
    /// tests with malformed JSON or unknown opcodes.
    /// </summary>
    public Task SendRawGatewayTextAsync(string text) => SendToCurrentGatewayAsync(text);

    /// <summary>Dispatches an arbitrary event (op 0) to the bot; it is numbered and kept for resume.</summary>
    public Task DispatchAsync(string eventName, JsonNode data) => DispatchCoreAsync(eventName, data);

    private async Task HandleGatewayAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var peer = new WebSocketPeer(socket, context);
        lock (_gatewayPeers)
        {
            _gatewayPeers.Add(peer);
        }

        try
        {
            await RunGatewayAsync(peer, context.Request.Query).ConfigureAwait(false);
        }
        finally
        {
            lock (_gatewayPeers)
            {
                _gatewayPeers.Remove(peer);
            }

            lock (_gate)
            {
                if (_session?.Peer == peer)
                {
                    _session.Peer = null;
                }
            }
        }
    }

    private async Task RunGatewayAsync(WebSocketPeer peer, IQueryCollection query)
    {
        if (query["encoding"].ToString() is { Length: > 0 } encoding && encoding != "json")
        {
            await CloseGatewayAsync(peer, 4002, "Only encoding=json is emulated.").ConfigureAwait(false);
            return;
        }

        if (query["v"].ToString() is { Length: > 0 } version && version != "10")
        {
            await CloseGatewayAsync(peer, 4012, "Invalid API version.").ConfigureAwait(false);
            return;
        }

        var hello = new JsonObject
        {
            ["op"] = 10, ["d"] = new JsonObject
            {
                ["heartbeat_interval"] = (long)_options.GatewayHeartbeatInterval.TotalMilliseconds,
            },
            ["s"] = null, ["t"] = null,
        };
        await peer.SendTextAsync(hello.ToJsonString()).ConfigureAwait(false);
        if (_options.EnforceHeartbeats)
        {
            // Discord drops a gateway connection that stops heartbeating; 4009 is "session timed out".
            _ = peer.WatchHeartbeatsAsync(_options.GatewayHeartbeatInterval.TotalMilliseconds, 4009, _stopping.Token);
        }

        var identified = false;
        while (await ReceiveClientMessageAsync(peer, "gateway").ConfigureAwait(false) is { } message)
        {
            if (message.Binary)
            {
                await CloseGatewayAsync(peer, 4002, "Error while decoding payload.").ConfigureAwait(false);
                return;
            }

            // A session invalidated (op 9) or taken over by another socket no longer counts as identified here.
            lock (_gate)
            {
                identified = identified && _session?.Peer == peer;
            }

            var keepGoing = await HandleGatewayOpAsync(peer, message.Op, message.D, identified).ConfigureAwait(false);
            if (keepGoing is null)
            {
                return;
            }

            identified = keepGoing.Value;
        }
    }

    /// <summary>
    /// Receives one client message: binary frames are returned as is, text frames parsed as <c>{"op","d"}</c>.
    /// Closes with 4002 on oversize or undecodable JSON. Null when the socket is done.
    /// </summary>
    private async Task<ClientMessage?> ReceiveClientMessageAsync(WebSocketPeer peer, string socketName)
    {
        (WebSocketMessageType Type, byte[] Data)? message;
        try
        {
            message = await peer.ReceiveAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (InvalidDataException)
        {
            Log.Closing(_logger, socketName, 4002, "Payload too large.");
            await peer.CloseAsync(4002, "Payload too large.").ConfigureAwait(false);
            return null;
        }

        if (message is not { } received)
        {
            return null;
        }

        if (received.Type == WebSocketMessageType.Binary)
        {
            return new ClientMessage(true, -1, default, received.Data);
        }

        if (!TryParse(received.Data, out var op, out var d))
        {
            Log.Closing(_logger, socketName, 4002, "Failed to decode payload.");
            await peer.CloseAsync(4002, "Failed to decode payload.").ConfigureAwait(false);
            return null;
        }

        return new ClientMessage(false, op, d);
    }

    /// <summary>Handles one client op; returns the new "identified" flag, or null when the socket was closed.</summary>
    private async Task<bool?> HandleGatewayOpAsync(WebSocketPeer peer, int op, JsonElement d, bool identified)
    {
        switch (op)
        {
            // Heartbeat: {"op":1,"d":<last s or null>} → Heartbeat ACK.
            case 1:
                peer.LastHeartbeatTicks = System.Diagnostics.Stopwatch.GetTimestamp();
                await peer.SendTextAsync("""{"op":11,"d":null,"s":null,"t":null}""").ConfigureAwait(false);
                return identified;

            // Identify: {"op":2,"d":{"token","intents","properties",...}}
            case 2:
                if (identified)
                {
                    await CloseGatewayAsync(peer, 4005, "Already authenticated.").ConfigureAwait(false);
                    return null;
                }

                if (Str(d, "token") != _options.BotToken)
                {
                    await CloseGatewayAsync(peer, 4004, "Authentication failed.").ConfigureAwait(false);
                    return null;
                }

                if (Int(d, "intents") is not { } intents || intents < 0 || intents >= 1 << 26)
                {
                    await CloseGatewayAsync(peer, 4013, "Invalid intent(s).").ConfigureAwait(false);
                    return null;
                }

                await IdentifyAsync(peer, intents).ConfigureAwait(false);
                return true;

            // Resume: {"op":6,"d":{"token","session_id","seq"}}
            case 6:
                if (identified)
                {
                    await CloseGatewayAsync(peer, 4005, "Already authenticated.").ConfigureAwait(false);
                    return null;
                }

                if (Str(d, "token") != _options.BotToken)
                {
                    await CloseGatewayAsync(peer, 4004, "Authentication failed.").ConfigureAwait(false);
                    return null;
                }

                return await ResumeAsync(peer, Str(d, "session_id"), Int(d, "seq")).ConfigureAwait(false);

            // Voice State Update: {"op":4,"d":{"guild_id","channel_id","self_mute","self_deaf"}}
            case 4 when identified:
                await HandleBotVoiceStateAsync(d).ConfigureAwait(false);
                return identified;

            // Presence update, request guild members, request soundboard sounds: accepted and ignored.
            case 3 or 8 or 31 when identified:
                return identified;

            case 3 or 4 or 8 or 31:
                await CloseGatewayAsync(peer, 4003, "Not authenticated.").ConfigureAwait(false);
                return null;

            default:
                await CloseGatewayAsync(peer, 4001, "Unknown opcode.").ConfigureAwait(false);
                return null;
        }
    }

    private async Task IdentifyAsync(WebSocketPeer peer, int intents)
    {
        var session = new GatewaySession(RandomHex(16), intents, _options.ReplayBufferSize);
        GatewaySession? old;

        // READY and GUILD_CREATE must be s = 1 and 2: nothing else is dispatched until both are out.
        await _dispatchLock.WaitAsync().ConfigureAwait(false);
        try
        {
            lock (_gate)
            {
                old = _session;
                _session = session;
                session.Peer = peer;
                GatewayConnectionCount++;
            }

            if (old?.Peer is { } oldPeer && oldPeer != peer)
            {
                oldPeer.Abort();
            }

            Log.GatewayIdentified(_logger, session.Id);
            await DispatchLockedAsync(session, "READY", ReadyJson(session)).ConfigureAwait(false);
            await DispatchLockedAsync(session, "GUILD_CREATE", GuildCreateJson()).ConfigureAwait(false);
            session.Ready = true;
        }
        finally
        {
            _dispatchLock.Release();
        }
    }

    private JsonObject ReadyJson(GatewaySession session) => new()
    {
        ["v"] = 10,
        ["user"] = UserJson(BotUserId),
        ["guilds"] = new JsonArray(new JsonObject { ["id"] = Id(GuildId), ["unavailable"] = true }),
        ["session_id"] = session.Id,
        ["resume_gateway_url"] = GatewayAddress.ToString(),
        ["shard"] = new JsonArray(0, 1),
        ["application"] = new JsonObject { ["id"] = Id(ApplicationId), ["flags"] = 0 },
        ["private_channels"] = new JsonArray(),
    };

    private async Task<bool?> ResumeAsync(WebSocketPeer peer, string? sessionId, int? seq)
    {
        await _dispatchLock.WaitAsync().ConfigureAwait(false);
        try
        {
            GatewaySession? session;
            lock (_gate)
            {
                session = _session;
            }

            var missed = session is not null && session.Id == sessionId && seq is not null
                ? session.After(seq.Value)
                : null;
            if (missed is null)
            {
                // Op 9 Invalid Session, not resumable: the client must Identify again (same socket is fine).
                await peer.SendTextAsync("""{"op":9,"d":false,"s":null,"t":null}""").ConfigureAwait(false);
                return false;
            }

            WebSocketPeer? previous;
            lock (_gate)
            {
                previous = session!.Peer;
                session.Peer = peer;
                GatewayConnectionCount++;
            }

            if (previous is not null && previous != peer)
            {
                previous.Abort();
            }

            Log.GatewayResumed(_logger, session!.Id, seq!.Value, missed.Count);
            foreach (var json in missed)
            {
                await peer.SendTextAsync(json).ConfigureAwait(false);
            }

            await DispatchLockedAsync(session, "RESUMED", new JsonObject()).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _dispatchLock.Release();
        }
    }

    private async Task DispatchCoreAsync(string eventName, JsonNode data)
    {
        await _dispatchLock.WaitAsync().ConfigureAwait(false);
        try
        {
            GatewaySession? session;
            lock (_gate)
            {
                session = _session;
            }

            if (session is not null)
            {
                await DispatchLockedAsync(session, eventName, data).ConfigureAwait(false);
            }
        }
        finally
        {
            _dispatchLock.Release();
        }
    }

    /// <summary>Numbers, buffers and sends one dispatch; the caller holds <see cref="_dispatchLock"/>.</summary>
    private async Task DispatchLockedAsync(GatewaySession session, string eventName, JsonNode data)
    {
        if (FilterByIntents(session.Intents, eventName, data) is not { } delivered)
        {
            return;
        }

        data = delivered;
        var seq = session.NextSeq();
        var json = new JsonObject { ["op"] = 0, ["d"] = data, ["s"] = seq, ["t"] = eventName }.ToJsonString();
        session.Buffer(seq, json);
        WebSocketPeer? peer;
        lock (_gate)
        {
            peer = session.Peer;
        }

        if (peer is not null)
        {
            await peer.SendTextAsync(json).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// What a bot with these intents receives (protocol brief §1.2): VOICE_STATE_UPDATE needs GUILD_VOICE_STATES,
    /// MESSAGE_CREATE needs GUILD_MESSAGES and arrives with empty content, embeds and attachments without
    /// MESSAGE_CONTENT. Null = not delivered.
    /// </summary>
    private static JsonNode? FilterByIntents(int intents, string eventName, JsonNode data)
    {
        const int GuildVoiceStates = 1 << 7, GuildMessages = 1 << 9, MessageContent = 1 << 15;
        switch (eventName)
        {
            case "VOICE_STATE_UPDATE" when (intents & GuildVoiceStates) == 0:
            case "MESSAGE_CREATE" when (intents & GuildMessages) == 0:
                return null;

            case "MESSAGE_CREATE" when (intents & MessageContent) == 0:
                var blank = data.DeepClone();
                blank["content"] = "";
                blank["embeds"] = new JsonArray();
                blank["attachments"] = new JsonArray();
                return blank;

            default:
                return data;
        }
    }

    private async Task SendToCurrentGatewayAsync(string json)
    {
        WebSocketPeer? peer;
        lock (_gate)
        {
            peer = _session?.Peer;
        }

        if (peer is not null)
        {
            await peer.SendTextAsync(json).ConfigureAwait(false);
        }
    }

    private async Task CloseGatewayAsync(WebSocketPeer peer, int code, string reason)
    {
        Log.Closing(_logger, "gateway", code, reason);
        await peer.CloseAsync(code, reason).ConfigureAwait(false);
    }

    private JsonObject GuildCreateJson()
    {
        var channels = new JsonArray(
            new JsonObject
            {
                ["id"] = Id(TextChannelId), ["type"] = 0, ["name"] = _guild.TextChannelName, ["guild_id"] = Id(GuildId),
                ["position"] = 0, ["parent_id"] = null, ["permission_overwrites"] = new JsonArray(),
            },
            new JsonObject
            {
                ["id"] = Id(VoiceChannelId), ["type"] = 2, ["name"] = _guild.VoiceChannelName,
                ["guild_id"] = Id(GuildId),
                ["position"] = 1, ["parent_id"] = null, ["bitrate"] = 64000, ["user_limit"] = 0, ["rtc_region"] = null,
                ["permission_overwrites"] = new JsonArray(),
            });
        var members = new JsonArray(MemberJson(BotUserId));
        foreach (var member in _guild.Members)
        {
            members.Add(MemberJson(member.UserId));
        }

        var voiceStates = new JsonArray();
        foreach (var userId in MembersInVoice())
        {
            var state = VoiceStateJson(userId, VoiceChannelId, MemberSessionId(userId));
            state.Remove("guild_id");
            state.Remove("member");
            voiceStates.Add(state);
        }

        return new JsonObject
        {
            ["id"] = Id(GuildId), ["name"] = _guild.GuildName, ["icon"] = null, ["owner_id"] = Id(_guild.RequesterId),
            ["unavailable"] = false, ["large"] = false, ["member_count"] = members.Count,
            ["joined_at"] = "2026-01-01T00:00:00.000000+00:00",
            ["roles"] = new JsonArray(new JsonObject
            {
                ["id"] = Id(GuildId), ["name"] = "@everyone", ["permissions"] = "2248473465835073", ["position"] = 0,
            }),
            ["channels"] = channels, ["threads"] = new JsonArray(), ["members"] = members,
            ["voice_states"] = voiceStates, ["presences"] = new JsonArray(), ["stage_instances"] = new JsonArray(),
            ["guild_scheduled_events"] = new JsonArray(), ["soundboard_sounds"] = new JsonArray(),
        };
    }

    private JsonObject VoiceStateJson(ulong userId, ulong? channelId, string sessionId) => new()
    {
        ["guild_id"] = Id(GuildId),
        ["channel_id"] = channelId is null ? null : Id(channelId.Value),
        ["user_id"] = Id(userId),
        ["member"] = MemberJson(userId),
        ["session_id"] = sessionId,
        ["deaf"] = false, ["mute"] = false, ["self_deaf"] = false, ["self_mute"] = false, ["self_video"] = false,
        ["suppress"] = false, ["request_to_speak_timestamp"] = null,
    };

    private static bool TryParse(byte[] data, out int op, out JsonElement d)
    {
        op = -1;
        d = default;
        try
        {
            using var document = JsonDocument.Parse(data);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("op", out var opElement)
                || !opElement.TryGetInt32(out op))
            {
                return false;
            }

            d = document.RootElement.TryGetProperty("d", out var payload) ? payload.Clone() : default;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? Str(JsonElement d, string name) =>
        d.ValueKind == JsonValueKind.Object && d.TryGetProperty(name, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Number => v.GetRawText(),
                _ => null,
            }
            : null;

    private static int? Int(JsonElement d, string name) =>
        d.ValueKind == JsonValueKind.Object && d.TryGetProperty(name, out var v) && v.TryGetInt32(out var i) ? i : null;

    /// <summary>One message from a client socket: a binary frame, or a JSON frame's op and d.</summary>
    private readonly record struct ClientMessage(bool Binary, int Op, JsonElement D, byte[]? Data = null);

    /// <summary>The bot's main gateway session: sequence numbers and the replay buffer for op 6 Resume.</summary>
    private sealed class GatewaySession(string id, int intents, int capacity)
    {
        private readonly Queue<(int Seq, string Json)> _buffer = new();

        private int _seq;

        public string Id { get; } = id;

        /// <summary>Gateway intents from Identify (kept across resumes).</summary>
        public int Intents { get; } = intents;

        public WebSocketPeer? Peer { get; set; }

        /// <summary>READY and GUILD_CREATE were dispatched.</summary>
        public bool Ready { get; set; }

        public int NextSeq() => ++_seq;

        public void Buffer(int seq, string json)
        {
            lock (_buffer)
            {
                _buffer.Enqueue((seq, json));
                while (_buffer.Count > capacity)
                {
                    _buffer.Dequeue();
                }
            }
        }

        /// <summary>Dispatches numbered after <paramref name="seq"/>, or null when some were already dropped.</summary>
        public List<string>? After(int seq)
        {
            lock (_buffer)
            {
                var oldest = _buffer.Count == 0 ? _seq + 1 : _buffer.Peek().Seq;
                if (seq > _seq || seq < oldest - 1)
                {
                    return null;
                }

                return [.. _buffer.Where(e => e.Seq > seq).Select(e => e.Json)];
            }
        }
    }
}
