using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pandora.Emulator.Scenarios;

namespace Pandora.Emulator;

public sealed partial class DiscordEmulator
{
    private readonly Dictionary<ulong, MemberState> _members = [];

    private readonly List<MemberVoiceEvent> _voiceEvents = [];

    private ulong? _botChannelId;

    private string? _botVoiceSessionId;

    private string? _voiceToken;

    private string? _announcedEndpoint;

    /// <summary>The voice channel the bot is in (from its op 4), or null.</summary>
    public ulong? BotVoiceChannelId
    {
        get
        {
            lock (_gate)
            {
                return _botChannelId;
            }
        }
    }

    /// <summary>Every member join and leave so far (a snapshot), in order.</summary>
    public IReadOnlyList<MemberVoiceEvent> VoiceEvents
    {
        get
        {
            lock (_gate)
            {
                return [.. _voiceEvents];
            }
        }
    }

    /// <summary>The SSRC the emulator uses for a member's audio.</summary>
    public uint SsrcOf(ulong userId)
    {
        lock (_gate)
        {
            return _members[userId].Ssrc;
        }
    }

    /// <summary>
    /// A member joins the voice channel: VOICE_STATE_UPDATE to the bot and, when a voice session is up,
    /// voice op 11 Clients Connect. Their RTP clock starts now. No-op when already in voice.
    /// </summary>
    public async Task JoinVoiceAsync(ulong userId)
    {
        MemberState member;
        lock (_gate)
        {
            member = _members[userId];
            if (member.InVoice)
            {
                return;
            }

            member.InVoice = true;
            member.SessionId = RandomHex(16);
            member.ClockStartTicks = Stopwatch.GetTimestamp();
            member.SpeakingAnnouncedIn = null;
            _voiceEvents.Add(new MemberVoiceEvent(userId, member.Member.Name, Joined: true, UtcNow));
        }

        await DispatchCoreAsync("VOICE_STATE_UPDATE", VoiceStateJson(userId, VoiceChannelId, member.SessionId))
            .ConfigureAwait(false);
        await SendVoiceIfConnectedAsync(11, new JsonObject { ["user_ids"] = new JsonArray(Id(userId)) })
            .ConfigureAwait(false);
        lock (_gate)
        {
            // After op 11, so that the bot recognizes the user of the Add proposal that follows.
            DaveJoin(member);
        }
    }

    /// <summary>
    /// A member leaves voice: VOICE_STATE_UPDATE with channel_id null and voice op 13 Client Disconnect.
    /// </summary>
    public async Task LeaveVoiceAsync(ulong userId)
    {
        string sessionId;
        lock (_gate)
        {
            var member = _members[userId];
            if (!member.InVoice)
            {
                return;
            }

            member.InVoice = false;
            sessionId = member.SessionId;
            _voiceEvents.Add(new MemberVoiceEvent(userId, member.Member.Name, Joined: false, UtcNow));
        }

        await DispatchCoreAsync("VOICE_STATE_UPDATE", VoiceStateJson(userId, null, sessionId)).ConfigureAwait(false);
        await SendVoiceIfConnectedAsync(13, new JsonObject { ["user_id"] = Id(userId) }).ConfigureAwait(false);
        lock (_gate)
        {
            DaveLeave(_members[userId]);
        }
    }

    /// <summary>
    /// Sends a new VOICE_SERVER_UPDATE with a fresh token (server failover). <paramref name="endpoint"/> null means
    /// "voice server gone"; the default is the emulator's own voice endpoint. The current voice session can no
    /// longer be resumed and media stops until the bot identifies again with the new token.
    /// </summary>
    public async Task SendVoiceServerUpdateAsync(string? endpoint)
    {
        VoiceSession? old;
        string token;
        lock (_gate)
        {
            token = RandomHex(8);
            _voiceToken = token;
            _announcedEndpoint = endpoint;
            old = _voice;
            _voice = null;
        }

        old?.Dispose();
        await DispatchCoreAsync("VOICE_SERVER_UPDATE", VoiceServerJson(token, endpoint)).ConfigureAwait(false);
    }

    /// <summary>Overload that announces the emulator's own endpoint with a new token.</summary>
    public Task SendVoiceServerUpdateAsync() => SendVoiceServerUpdateAsync(VoiceEndpoint);

    private void InitialiseMembers()
    {
        var random = new Random(_options.Impairments.Seed ^ 0x5EED);
        var now = Stopwatch.GetTimestamp();
        foreach (var member in _guild.Members)
        {
            uint ssrc;
            do
            {
                ssrc = (uint)random.Next(1000, int.MaxValue);
            }
            while (_members.Values.Any(m => m.Ssrc == ssrc));

            _members[member.UserId] = new MemberState(member, ssrc, (uint)random.Next(), (ushort)random.Next(65536))
            {
                InVoice = member.InVoiceAtStart,
                SessionId = RandomHex(16),
                ClockStartTicks = now,
            };
        }
    }

    private List<ulong> MembersInVoice()
    {
        lock (_gate)
        {
            return [.. _members.Values.Where(m => m.InVoice).Select(m => m.Member.UserId)];
        }
    }

    private string MemberSessionId(ulong userId)
    {
        lock (_gate)
        {
            return _members[userId].SessionId;
        }
    }

    /// <summary>
    /// Op 4 from the bot: join (VOICE_STATE_UPDATE + VOICE_SERVER_UPDATE) or leave (channel_id null).
    /// </summary>
    private async Task HandleBotVoiceStateAsync(JsonElement d)
    {
        var guildId = Str(d, "guild_id");
        if (guildId != Id(GuildId))
        {
            return;
        }

        var channel = Str(d, "channel_id");
        Log.BotVoiceState(_logger, channel);
        if (channel is null)
        {
            await BotLeavesAsync().ConfigureAwait(false);
            return;
        }

        if (!ulong.TryParse(channel, out var channelId) || channelId != VoiceChannelId)
        {
            // Unknown channel: Discord silently ignores the request.
            return;
        }

        string sessionId, token;
        VoiceSession? old;
        lock (_gate)
        {
            _botChannelId = channelId;
            sessionId = _botVoiceSessionId ??= RandomHex(16);
            token = RandomHex(8);
            _voiceToken = token;
            _announcedEndpoint = VoiceEndpoint;
            old = _voice;
            _voice = null;
        }

        old?.Dispose();
        await DispatchCoreAsync("VOICE_STATE_UPDATE", VoiceStateJson(BotUserId, channelId, sessionId))
            .ConfigureAwait(false);
        await DispatchCoreAsync("VOICE_SERVER_UPDATE", VoiceServerJson(token, VoiceEndpoint)).ConfigureAwait(false);
    }

    private async Task BotLeavesAsync()
    {
        string? sessionId;
        VoiceSession? old;
        lock (_gate)
        {
            sessionId = _botVoiceSessionId;
            _botChannelId = null;
            _botVoiceSessionId = null;
            _voiceToken = null;
            old = _voice;
            _voice = null;
        }

        if (old?.Peer is { } peer)
        {
            // 4014: disconnected from the channel; the client follows the main gateway's voice state.
            Log.Closing(_logger, "voice", 4014, "Disconnected.");
            await peer.CloseAsync(4014, "Disconnected.").ConfigureAwait(false);
        }

        old?.Dispose();
        await DispatchCoreAsync("VOICE_STATE_UPDATE", VoiceStateJson(BotUserId, null, sessionId ?? RandomHex(16)))
            .ConfigureAwait(false);
    }

    private JsonObject VoiceServerJson(string token, string? endpoint) => new()
    {
        ["token"] = token, ["guild_id"] = Id(GuildId), ["endpoint"] = endpoint,
    };

    /// <summary>Per-member media state: SSRC, RTP sequence and clock. Mutated only under the emulator gate.</summary>
    private sealed class MemberState(Scenarios.ScenarioMember member, uint ssrc, uint timestampBase, ushort sequence)
    {
        public Scenarios.ScenarioMember Member { get; } = member;

        public uint Ssrc { get; } = ssrc;

        public uint TimestampBase { get; } = timestampBase;

        public ushort Sequence { get; set; } = sequence;

        public bool InVoice { get; set; }

        public string SessionId { get; set; } = "";

        /// <summary>Stopwatch ticks when their RTP clock started (join time).</summary>
        public long ClockStartTicks { get; set; }

        /// <summary>A packet held back by the reorder impairment, sent after the next one.</summary>
        public byte[]? Held { get; set; }

        /// <summary>The member's DAVE client while in voice (with DAVE on), else null.</summary>
        public Dave.DaveMember? Dave { get; set; }

        /// <summary>Frames handed to the bot's media socket (speech and silence, once each).</summary>
        public long FramesSent { get; set; }

        /// <summary>Frames not sent because the member had no DAVE sender key yet (not yet welcomed).</summary>
        public long FramesWithoutKey { get; set; }

        /// <summary>The voice session in which op 5 Speaking was last sent for this member.</summary>
        public object? SpeakingAnnouncedIn { get; set; }
    }
}
