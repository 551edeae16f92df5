using System.Text.Json;
using System.Text.Json.Nodes;
using Pandora.Emulator.Dave;

namespace Pandora.Emulator;

public sealed partial class DiscordEmulator
{
    private DaveGateway? _dave;

    /// <summary>The DAVE side of the voice server: epoch, commits, welcomes, transitions (zeros without
    /// DAVE).</summary>
    public DaveStats DaveStats => _dave?.Stats ?? default;

    /// <summary>The DAVE epoch member <paramref name="userId"/> currently sends with, or null (no key yet).</summary>
    public ulong? DaveSendingEpochOf(ulong userId)
    {
        lock (_gate)
        {
            return _members[userId].Dave?.SendingEpoch;
        }
    }

    /// <summary>The <c>dave_protocol_version</c> announced to the bot's latest voice session (0 before any).</summary>
    public int BotDaveProtocolVersion { get; private set; }

    private void StartDaveGateway()
    {
        if (_options.DaveProtocolVersion < 1)
        {
            return;
        }

        _dave = new DaveGateway(VoiceChannelId, _logger, _options.DaveCommitTimeout, _options.DaveTransitionTimeout);
        foreach (var member in _members.Values.Where(m => m.InVoice))
        {
            DaveJoin(member);
        }
    }

    /// <summary>An emulated member enters the DAVE group (op 25 → its key package → proposals).</summary>
    private void DaveJoin(MemberState member)
    {
        if (_dave is null)
        {
            return;
        }

        var dave = new DaveMember(_dave, member.Member.UserId, member.Member.Name, _dave.GroupId,
            _options.DaveMembersCommit);
        member.Dave = dave;
        _dave.Post(new DaveGateway.JoinEvent(dave));
    }

    private void DaveLeave(MemberState member)
    {
        if (member.Dave is { } dave)
        {
            member.Dave = null;
            _dave?.Post(new DaveGateway.LeaveEvent(dave));
        }
    }

    /// <summary>After op 4 with DAVE: op 25 to the bot, which then sends its key package.</summary>
    private void StartDave(VoiceSession session)
    {
        if (_dave is null || session.DaveVersion < 1 || session.Dave is not null)
        {
            return;
        }

        var bot = new BotParticipant(this, session);
        session.Dave = bot;
        session.OnEnd = () => _dave.Post(new DaveGateway.LeaveEvent(bot));
        _dave.Post(new DaveGateway.JoinEvent(bot));
    }

    private void OnDaveBinary(VoiceSession session, byte[] data)
    {
        if (_dave is null || session.Dave is not { } bot || data.Length < 1)
        {
            return;
        }

        switch (data[0])
        {
            // Op 26: KeyPackage (bare struct).
            case 26:
                _dave.Post(new DaveGateway.KeyPackageEvent(bot, data[1..]));
                break;

            // Op 28: MLSMessage commit ‖ optional Welcome.
            case 28:
                _dave.Post(new DaveGateway.CommitEvent(bot, data[1..]));
                break;
        }
    }

    private void OnDaveJson(VoiceSession session, int op, JsonElement d)
    {
        if (_dave is null || session.Dave is not { } bot)
        {
            return;
        }

        var transition = Int(d, "transition_id") ?? -1;
        _dave.Post(op == 23
            ? new DaveGateway.ReadyEvent(bot, transition)
            : new DaveGateway.InvalidEvent(bot, transition));
    }

    /// <summary>The bot on its voice socket: DAVE messages are seq-numbered and buffered for resume.</summary>
    private sealed class BotParticipant(DiscordEmulator emulator, VoiceSession session)
        : DaveParticipant(emulator.BotUserId, "bot")
    {
        public override Task SendBinaryAsync(byte op, byte[] payload) =>
            emulator.SendVoiceBinaryAsync(session, op, payload);

        public override Task SendJsonAsync(int op, JsonObject d) => emulator.SendVoiceAsync(session, op, d);
    }
}
