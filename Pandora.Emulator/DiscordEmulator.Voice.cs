using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Pandora.Emulator.Dave;
using Pandora.Emulator.Internal;
using Pandora.Emulator.Media;

namespace Pandora.Emulator;

public sealed partial class DiscordEmulator
{
    private readonly List<WebSocketPeer> _voicePeers = [];

    private VoiceSession? _voice;

    /// <summary>True when the bot's voice session is described (Select Protocol answered) and media can flow.</summary>
    public bool VoiceSessionEstablished
    {
        get
        {
            lock (_gate)
            {
                return _voice?.Established == true;
            }
        }
    }

    /// <summary>The negotiated transport mode of the current voice session, or null.</summary>
    public TransportMode? NegotiatedMode
    {
        get
        {
            lock (_gate)
            {
                return _voice?.Sealer?.Mode;
            }
        }
    }

    /// <summary>Number of voice gateway Identify and successful Resume handshakes so far.</summary>
    public int VoiceConnectionCount { get; private set; }

    /// <summary>
    /// Aborts every voice gateway socket without a close frame (the client sees 1006 and should resume with op 7).
    /// UDP media keeps flowing to the last known address in the meantime.
    /// </summary>
    public Task DropVoiceConnectionsAsync()
    {
        AbortAll(_voicePeers);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Sends <paramref name="text"/> as is (not numbered, not buffered) on the current voice socket: for robustness
    /// tests with malformed JSON or unexpected opcodes. False when there is no voice socket.
    /// </summary>
    public async Task<bool> SendRawVoiceTextAsync(string text)
    {
        WebSocketPeer? peer;
        lock (_gate)
        {
            peer = _voice?.Peer;
        }

        return peer is not null && await peer.SendTextAsync(text).ConfigureAwait(false);
    }

    /// <summary>Frames that the scenario sent while a voice network outage was in force, and so never reached the
    /// bot.</summary>
    public long FramesLostInOutage => Interlocked.Read(ref _framesLostInOutage);

    private bool InVoiceOutage => Stopwatch.GetTimestamp() < Interlocked.Read(ref _voiceOutageUntil);

    /// <summary>
    /// Cuts the network between the bot and the voice server for <paramref name="duration"/>: the voice socket
    /// drops, reconnection attempts are refused, and media sent meanwhile is lost. Afterwards the bot can resume
    /// (op 7), and its track must show the outage as a gap with later audio at its true time.
    /// </summary>
    public Task SimulateVoiceOutageAsync(TimeSpan duration)
    {
        Interlocked.Exchange(ref _voiceOutageUntil,
            Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency));
        return DropVoiceConnectionsAsync();
    }

    private async Task HandleVoiceHttpAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        if (InVoiceOutage)
        {
            context.Abort();
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var peer = new WebSocketPeer(socket, context);
        lock (_voicePeers)
        {
            _voicePeers.Add(peer);
        }

        try
        {
            if (context.Request.Query["v"].ToString() != "8")
            {
                // Only v8 is emulated; Discord rejects version-less connections too.
                await CloseVoiceAsync(peer, 4020, "Voice gateway version 8 required.").ConfigureAwait(false);
                return;
            }

            await RunVoiceAsync(peer).ConfigureAwait(false);
        }
        finally
        {
            lock (_voicePeers)
            {
                _voicePeers.Remove(peer);
            }

            lock (_gate)
            {
                if (_voice?.Peer == peer)
                {
                    _voice.Peer = null;
                }
            }
        }
    }

    private async Task RunVoiceAsync(WebSocketPeer peer)
    {
        // Op 8 Hello comes first; the interval is fractional on purpose.
        var hello = new JsonObject
        {
            ["op"] = 8,
            ["d"] = new JsonObject { ["v"] = 8, ["heartbeat_interval"] = _options.VoiceHeartbeatIntervalMs },
        };
        await peer.SendTextAsync(hello.ToJsonString()).ConfigureAwait(false);
        if (_options.EnforceHeartbeats)
        {
            // Voice close 4009: session timeout (no heartbeat).
            _ = peer.WatchHeartbeatsAsync(_options.VoiceHeartbeatIntervalMs, 4009, _stopping.Token);
        }

        VoiceSession? attached = null;
        while (await ReceiveClientMessageAsync(peer, "voice").ConfigureAwait(false) is { } message)
        {
            if (message.Binary)
            {
                // Binary client messages: u8 opcode ‖ payload, the DAVE opcodes 26 (key package) and 28 (commit and
                // welcome). Without DAVE they are ignored.
                if (attached is null)
                {
                    await CloseVoiceAsync(peer, 4003, "Not authenticated.").ConfigureAwait(false);
                    return;
                }

                OnDaveBinary(attached, message.Data!);
                continue;
            }

            var result = await HandleVoiceOpAsync(peer, message.Op, message.D, attached).ConfigureAwait(false);
            if (result is null)
            {
                return;
            }

            attached = result.Session;
        }
    }

    /// <summary>Handles one client op; returns the attached session (possibly null), or null when closed.</summary>
    private async Task<VoiceOpResult?> HandleVoiceOpAsync(
        WebSocketPeer peer,
        int op,
        JsonElement d,
        VoiceSession? attached)
    {
        switch (op)
        {
            // Heartbeat: {"op":3,"d":{"t":<nonce>,"seq_ack":<n>}} (older clients send the nonce alone) → op 6 echoing
            // t.
            case 3:
                peer.LastHeartbeatTicks = System.Diagnostics.Stopwatch.GetTimestamp();
                var nonce = d.ValueKind == JsonValueKind.Object && d.TryGetProperty("t", out var t) ? t : d;
                var echoed = nonce.ValueKind == JsonValueKind.Undefined ? null : JsonNode.Parse(nonce.GetRawText());
                var ack = new JsonObject { ["op"] = 6, ["d"] = new JsonObject { ["t"] = echoed } };
                await peer.SendTextAsync(ack.ToJsonString()).ConfigureAwait(false);
                return new VoiceOpResult(attached);

            // Identify: {"op":0,"d":{"server_id","user_id","session_id","token","max_dave_protocol_version"}}
            case 0 when attached is not null:
            case 7 when attached is not null:
                await CloseVoiceAsync(peer, 4005, "Already authenticated.").ConfigureAwait(false);
                return null;

            case 0:
                return await VoiceIdentifyAsync(peer, d).ConfigureAwait(false);

            // Resume: {"op":7,"d":{"server_id","session_id","token","seq_ack"}}
            case 7:
                return await VoiceResumeAsync(peer, d).ConfigureAwait(false);

            case 1 or 5 or 23 or 31 when attached is null:
                await CloseVoiceAsync(peer, 4003, "Not authenticated.").ConfigureAwait(false);
                return null;

            // Select Protocol: {"op":1,"d":{"protocol":"udp","data":{"address","port","mode"}}}
            case 1:
                return await SelectProtocolAsync(peer, d, attached!).ConfigureAwait(false);

            // DAVE Transition Ready {"transition_id"} and Invalid Commit Welcome {"transition_id"}.
            case 23 or 31:
                OnDaveJson(attached!, op, d);
                return new VoiceOpResult(attached);

            // Speaking from a receive-only bot and the undocumented client opcodes seen in the wild (12-20):
            // accepted and ignored.
            case 5 or (>= 12 and <= 20):
                return new VoiceOpResult(attached);

            default:
                await CloseVoiceAsync(peer, 4001, "Unknown opcode.").ConfigureAwait(false);
                return null;
        }
    }

    private async Task<VoiceOpResult?> VoiceIdentifyAsync(WebSocketPeer peer, JsonElement d)
    {
        VoiceSession session;
        VoiceSession? old;
        lock (_gate)
        {
            var valid = _voiceToken is not null && _announcedEndpoint is not null
                && Str(d, "server_id") == Id(GuildId) && Str(d, "user_id") == Id(BotUserId)
                && Str(d, "session_id") == _botVoiceSessionId && Str(d, "token") == _voiceToken;
            if (!valid)
            {
                session = null!;
                old = null;
            }
            else
            {
                old = _voice;
                var ssrc = (uint)RandomNumberGenerator.GetInt32(1, int.MaxValue);
                session = new VoiceSession(_voiceToken!, _botVoiceSessionId!, ssrc, _options.ReplayBufferSize)
                {
                    Peer = peer,
                    DaveVersion = _dave is null ? 0 : Math.Min(_options.DaveProtocolVersion,
                        Math.Max(0, Int(d, "max_dave_protocol_version") ?? 0)),
                };
                _voice = session;
                VoiceConnectionCount++;
            }
        }

        if (session is null)
        {
            await CloseVoiceAsync(peer, 4004, "Authentication failed.").ConfigureAwait(false);
            return null;
        }

        if (old is not null && old.Peer != peer)
        {
            old.Peer?.Abort();
        }

        old?.Dispose();
        Log.VoiceIdentified(_logger, session.Ssrc);
        var modes = new JsonArray([.. _options.OfferedModes.Select(m => (JsonNode?)m)]);
        var ready = new JsonObject
        {
            ["ssrc"] = session.Ssrc, ["ip"] = "127.0.0.1", ["port"] = UdpPort, ["modes"] = modes,
            ["heartbeat_interval"] = 1, ["experiments"] = new JsonArray("fixed_keyframe_interval"),
            ["streams"] = new JsonArray(),
        };
        await SendVoiceAsync(session, 2, ready).ConfigureAwait(false);
        return new VoiceOpResult(session);
    }

    private async Task<VoiceOpResult?> VoiceResumeAsync(WebSocketPeer peer, JsonElement d)
    {
        VoiceSession? session;
        lock (_gate)
        {
            session = _voice;
        }

        var seqAck = Math.Max(0, Int(d, "seq_ack") ?? 0);
        var valid = session is not null && Str(d, "server_id") == Id(GuildId)
            && Str(d, "session_id") == session.SessionId && Str(d, "token") == session.Token;
        if (!valid)
        {
            await CloseVoiceAsync(peer, 4006, "Session is no longer valid.").ConfigureAwait(false);
            return null;
        }

        await session!.SendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            var missed = session.After(seqAck);
            if (missed is null)
            {
                await CloseVoiceAsync(peer, 4006, "Missed messages are no longer buffered.").ConfigureAwait(false);
                return null;
            }

            WebSocketPeer? previous;
            lock (_gate)
            {
                previous = session.Peer;
                session.Peer = peer;
                VoiceConnectionCount++;
            }

            if (previous is not null && previous != peer)
            {
                previous.Abort();
            }

            Log.VoiceResumed(_logger, seqAck, missed.Count);
            await peer.SendTextAsync("""{"op":9,"d":null}""").ConfigureAwait(false);
            foreach (var message in missed)
            {
                _ = message is byte[] binary ? await peer.SendBinaryAsync(binary).ConfigureAwait(false)
                    : await peer.SendTextAsync((string)message).ConfigureAwait(false);
            }
        }
        finally
        {
            session.SendLock.Release();
        }

        return new VoiceOpResult(session);
    }

    private async Task<VoiceOpResult?> SelectProtocolAsync(WebSocketPeer peer, JsonElement d, VoiceSession session)
    {
        var data = d.ValueKind == JsonValueKind.Object && d.TryGetProperty("data", out var v) ? v : default;
        var mode = Str(data, "mode");
        var address = Str(data, "address") ?? Str(data, "ip");
        var port = Int(data, "port");
        if (Str(d, "protocol") != "udp" || address is null || port is null or <= 0 or > 65535
            || !IPAddress.TryParse(address, out var ip))
        {
            await CloseVoiceAsync(peer, 4012, "Unknown protocol.").ConfigureAwait(false);
            return null;
        }

        var parsed = TransportModeNames.Parse(mode);
        if (parsed is null || !_options.OfferedModes.Contains(mode!))
        {
            await CloseVoiceAsync(peer, 4016, "Unknown encryption mode.").ConfigureAwait(false);
            return null;
        }

        lock (_gate)
        {
            session.Describe(parsed.Value, new IPEndPoint(ip, port.Value));
        }

        Log.VoiceDescribed(_logger, mode!, session.Target!.ToString());
        var description = new JsonObject
        {
            ["mode"] = mode, ["secret_key"] = new JsonArray([.. session.SecretKey.Select(b => (JsonNode?)(int)b)]),
            ["dave_protocol_version"] = session.DaveVersion, ["audio_codec"] = "opus", ["video_codec"] = "H264",
            ["media_session_id"] = RandomHex(16),
        };
        await SendVoiceAsync(session, 4, description).ConfigureAwait(false);
        BotDaveProtocolVersion = session.DaveVersion;
        var present = new JsonArray([.. MembersInVoice().Select(id => (JsonNode?)Id(id))]);
        await SendVoiceAsync(session, 11, new JsonObject { ["user_ids"] = present }).ConfigureAwait(false);

        // Media and op 5 only after the client has its key: Session Description and Clients Connect went first.
        session.Established = true;
        StartDave(session);
        if (_options.SendUnknownVoiceOpcodes)
        {
            await SendVoiceAsync(session, 18, new JsonObject { ["user_id"] = Id(_guild.RequesterId), ["flags"] = 2 })
                .ConfigureAwait(false);
            await SendVoiceAsync(session, 20, new JsonObject { ["user_id"] = Id(_guild.RequesterId), ["platform"] = 0 })
                .ConfigureAwait(false);
            await SendVoiceAsync(session, 12, new JsonObject { ["audio_ssrc"] = 0, ["video_ssrc"] = 0 })
                .ConfigureAwait(false);
        }

        return new VoiceOpResult(session);
    }

    /// <summary>
    /// Sends a seq-numbered message to the current voice session (buffered for resume); no-op without one.
    /// </summary>
    private async Task SendVoiceIfConnectedAsync(int op, JsonNode d)
    {
        VoiceSession? session;
        lock (_gate)
        {
            session = _voice;
        }

        if (session?.Established == true)
        {
            await SendVoiceAsync(session, op, d).ConfigureAwait(false);
        }
    }

    private async Task SendVoiceAsync(VoiceSession session, int op, JsonNode d)
    {
        await session.SendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            var seq = session.NextSeq();
            var json = new JsonObject { ["op"] = op, ["d"] = d, ["seq"] = seq }.ToJsonString();
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
        finally
        {
            session.SendLock.Release();
        }
    }

    /// <summary>
    /// Sends a seq-numbered binary DAVE message (server → client: u16 seq BE ‖ u8 opcode ‖ payload), buffered for
    /// resume like the JSON messages.
    /// </summary>
    private async Task SendVoiceBinaryAsync(VoiceSession session, byte op, byte[] payload)
    {
        await session.SendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            var seq = session.NextSeq();
            var frame = new byte[3 + payload.Length];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(frame, unchecked((ushort)seq));
            frame[2] = op;
            payload.CopyTo(frame, 3);
            session.Buffer(seq, frame);
            WebSocketPeer? peer;
            lock (_gate)
            {
                peer = session.Peer;
            }

            if (peer is not null)
            {
                await peer.SendBinaryAsync(frame).ConfigureAwait(false);
            }
        }
        finally
        {
            session.SendLock.Release();
        }
    }

    private async Task CloseVoiceAsync(WebSocketPeer peer, int code, string reason)
    {
        Log.Closing(_logger, "voice", code, reason);
        await peer.CloseAsync(code, reason).ConfigureAwait(false);
    }

    private sealed record VoiceOpResult(VoiceSession? Session);

    /// <summary>One voice gateway session of the bot: SSRC, key, negotiated sealer, seq and replay buffer.</summary>
    private sealed class VoiceSession(string token, string sessionId, uint ssrc, int capacity) : IDisposable
    {
        private readonly Queue<(int Seq, object Message)> _buffer = new();

        private int _seq;

        private uint _nonceCounter;

        private Action? _onEnd;

        public string Token { get; } = token;

        public string SessionId { get; } = sessionId;

        public uint Ssrc { get; } = ssrc;

        public byte[] SecretKey { get; } = RandomNumberGenerator.GetBytes(32);

        public SemaphoreSlim SendLock { get; } = new(1, 1);

        public WebSocketPeer? Peer { get; set; }

        public RtpSealer? Sealer { get; private set; }

        public IPEndPoint? Target { get; private set; }

        /// <summary>Session Description sent: media and Speaking may flow.</summary>
        public bool Established { get; set; }

        public void Describe(TransportMode mode, IPEndPoint target)
        {
            Sealer?.Dispose();
            Sealer = new RtpSealer(mode, SecretKey);
            Target = target;
        }

        /// <summary>
        /// The transport nonce counter: one per session, incremented per packet (never reused under one key).
        /// </summary>
        public uint NextNonce() => Interlocked.Increment(ref _nonceCounter);

        public int NextSeq() => ++_seq;

        /// <summary>The DAVE version announced in op 4 (0 when the client or the options want none).</summary>
        public int DaveVersion { get; init; }

        /// <summary>The bot as a DAVE participant of this session, once op 4 announced DAVE.</summary>
        public DaveParticipant? Dave { get; set; }

        /// <summary>Buffers a JSON text (string) or binary DAVE frame (byte[]) for resume.</summary>
        public void Buffer(int seq, object message)
        {
            lock (_buffer)
            {
                _buffer.Enqueue((seq, message));
                while (_buffer.Count > capacity)
                {
                    _buffer.Dequeue();
                }
            }
        }

        /// <summary>
        /// Messages numbered after <paramref name="seqAck"/>, or null when some are no longer buffered.
        /// </summary>
        public List<object>? After(int seqAck)
        {
            lock (_buffer)
            {
                var oldest = _buffer.Count == 0 ? _seq + 1 : _buffer.Peek().Seq;
                if (seqAck > _seq || seqAck < oldest - 1)
                {
                    return null;
                }

                return [.. _buffer.Where(e => e.Seq > seqAck).Select(e => e.Message)];
            }
        }

        /// <summary>Called when the session ends: the bot leaves the DAVE group.</summary>
        public Action? OnEnd
        {
            get => _onEnd;
            set => _onEnd = value;
        }

        public void Dispose()
        {
            Sealer?.Dispose();
            Interlocked.Exchange(ref _onEnd, null)?.Invoke();
        }
    }
}
