using System.Buffers.Binary;
using Pandora.Discord.Voice;
using Pandora.Mls;
using Pandora.Mls.Codec;
using Pandora.Mls.Group;
using Pandora.Mls.Messages;

namespace Pandora.Discord.Dave;

/// <summary>The MLS side: external sender, proposals, commits, Welcomes, recovery.</summary>
public sealed partial class DaveSession
{
    private readonly HashSet<ulong> _recognized = [];
    private int _mlsVersion;
    private byte[]? _externalSenderBytes;
    private KeyPackageBundle? _keyPackage;
    private MlsGroup? _pendingGroup;
    private MlsGroup? _group;
    private byte[]? _ourCommit;
    private bool _removalOfUsPending;

    /// <summary>Op 25: the voice gateway's external sender (<c>signature_key&lt;V&gt; ‖ Credential</c>).</summary>
    public void OnExternalSender(ReadOnlySpan<byte> payload)
    {
        lock (_gate)
        {
            var bytes = payload.ToArray();
            try
            {
                TlsReader.DecodeAll(bytes, ExternalSender.Read);
            }
            catch (MlsException ex)
            {
                Reject(VoiceOpcode.DaveMlsExternalSender, DaveRejectionKind.Malformed, ex.Kind, ex.Message);
                return;
            }

            // libdave and davey refuse to change the external sender of an established group.
            if (_group is not null)
            {
                if (!bytes.AsSpan().SequenceEqual(_externalSenderBytes))
                {
                    Reject(
                        VoiceOpcode.DaveMlsExternalSender,
                        DaveRejectionKind.WrongExternalSender,
                        null,
                        "the external sender cannot change while the group is established");
                }

                return;
            }

            _externalSenderBytes = bytes;
            _pendingGroup = null;
            _ourCommit = null;
            CreatePendingGroup();
        }
    }

    /// <summary>Op 27: <c>u8 operation_type</c> then proposal messages (0, append) or proposal refs (1, revoke).
    /// Commits whatever is cached afterwards (op 28).</summary>
    public void OnProposals(ReadOnlySpan<byte> payload)
    {
        lock (_gate)
        {
            var target = _group ?? _pendingGroup;
            if (target is null)
            {
                Reject(VoiceOpcode.DaveMlsProposals, DaveRejectionKind.NoGroup, null, "proposals without any group");
                return;
            }

            if (payload.Length < 1 || payload[0] > 1)
            {
                Reject(VoiceOpcode.DaveMlsProposals, DaveRejectionKind.Malformed, null, "bad proposals operation type");
                return;
            }

            var append = payload[0] == 0;
            List<byte[]> items;
            try
            {
                items = TlsReader.DecodeAll(payload[1..].ToArray(), r => append ? SplitMessages(r) : SplitRefs(r));
            }
            catch (MlsException ex)
            {
                Reject(VoiceOpcode.DaveMlsProposals, DaveRejectionKind.Malformed, ex.Kind, ex.Message);
                return;
            }

            foreach (var item in items)
            {
                if (append)
                {
                    AppendProposal(target, item);
                }
                else if (!target.RevokeProposal(item))
                {
                    Reject(
                        VoiceOpcode.DaveMlsProposals,
                        DaveRejectionKind.UnknownProposalRef,
                        null,
                        "revoke of a proposal we do not hold");
                }
            }

            CommitCached(target);
        }
    }

    /// <summary>Op 29: <c>u16 transition_id ‖ MLSMessage(commit)</c>.</summary>
    public void OnCommit(ReadOnlySpan<byte> payload)
    {
        lock (_gate)
        {
            if (payload.Length < 2)
            {
                Reject(VoiceOpcode.DaveMlsAnnounceCommitTransition, DaveRejectionKind.Malformed, null, "truncated");
                return;
            }

            var transitionId = BinaryPrimitives.ReadUInt16BigEndian(payload);
            var bytes = payload[2..].ToArray();
            if (_group is null)
            {
                AdoptOwnCommit(transitionId, bytes);
                return;
            }

            try
            {
                var message = MlsMessage.Decode(bytes);
                CheckCommitPolicy(message);
                _group.ProcessCommit(message);
                MemberIdsUnique(_group);
            }
            catch (MlsException ex) when (ex.Kind == MlsErrorKind.Removed)
            {
                Reject(VoiceOpcode.DaveMlsAnnounceCommitTransition, DaveRejectionKind.Removed, ex.Kind, ex.Message);
                ResetMls();
                Initialize(_mlsVersion);
                return;
            }
            catch (MlsException ex)
            {
                Recover(VoiceOpcode.DaveMlsAnnounceCommitTransition, transitionId, ex);
                return;
            }

            Interlocked.Increment(ref _commitsProcessed);
            OnNewEpoch(transitionId);
        }
    }

    /// <summary>Op 30: <c>u16 transition_id ‖ Welcome</c> (bare, no MLSMessage header).</summary>
    public void OnWelcome(ReadOnlySpan<byte> payload)
    {
        lock (_gate)
        {
            if (payload.Length < 2)
            {
                Reject(VoiceOpcode.DaveMlsWelcome, DaveRejectionKind.Malformed, null, "truncated");
                return;
            }

            var transitionId = BinaryPrimitives.ReadUInt16BigEndian(payload);
            if (_group is not null || _keyPackage is null)
            {
                var why = _group is not null
                    ? "a Welcome while already in a group"
                    : "a Welcome before any key package";
                Reject(VoiceOpcode.DaveMlsWelcome, DaveRejectionKind.NoGroup, null, why);
                return;
            }

            try
            {
                var welcome = TlsReader.DecodeAll(payload[2..].ToArray(), Welcome.Read);
                var joined = MlsGroup.Join(welcome, _keyPackage);
                CheckJoinedGroup(joined);
                _group = joined;
                _pendingGroup = null;
            }
            catch (MlsException ex)
            {
                Recover(VoiceOpcode.DaveMlsWelcome, transitionId, ex);
                return;
            }

            Interlocked.Increment(ref _welcomesProcessed);
            OnNewEpoch(transitionId);
        }
    }

    /// <summary>A new MLS session: fresh key package (op 26) and, once the external sender is known, a pending
    /// group of our own at epoch 0.</summary>
    private void Initialize(int version)
    {
        _mlsVersion = version;
        _group = null;
        _pendingGroup = null;
        _ourCommit = null;
        _keyPackage = KeyPackageBundle.Create(IdBytes(_userId));
        CreatePendingGroup();
        SendBinary(VoiceOpcode.DaveMlsKeyPackage, _keyPackage.KeyPackage.Encode());
        Interlocked.Increment(ref _keyPackagesSent);
        Log.DaveInitialized(_logger, version, _channelId);
    }

    private void ResetMls()
    {
        _removalOfUsPending = false;
        _group = null;
        _pendingGroup = null;
        _keyPackage = null;
        _ourCommit = null;
        _prepared.Clear();
    }

    private void CreatePendingGroup()
    {
        if (_keyPackage is null || _externalSenderBytes is null || _group is not null)
        {
            return;
        }

        var sender = TlsReader.DecodeAll(_externalSenderBytes, ExternalSender.Read);
        _pendingGroup = MlsGroup.Create(IdBytes(_channelId), _keyPackage, [ExternalSender.ToExtension([sender])]);
    }

    /// <summary>Recovery (DAVE "Invalid Commit/Welcome"): op 31 with the transition id, a fresh MLS state and a new key
    /// package; the gateway removes our stale leaf and adds us again.</summary>
    private void Recover(VoiceOpcode opcode, int transitionId, MlsException ex)
    {
        var kind = ex.Data["dave"] is DaveRejectionKind dave ? dave : DaveRejectionKind.Mls;
        Reject(opcode, kind, ex.Kind, ex.Message, recovered: true);
        Interlocked.Increment(ref _recoveries);
        Log.DaveRecovery(_logger, transitionId, ex.Message);
        SendJson(VoiceOpcode.DaveMlsInvalidCommitWelcome, new System.Text.Json.Nodes.JsonObject
        {
            ["transition_id"] = transitionId,
        });
        ResetMls();
        Initialize(_mlsVersion);
    }

    private void AppendProposal(MlsGroup target, byte[] bytes)
    {
        try
        {
            var message = MlsMessage.Decode(bytes);
            CheckProposalPolicy(message);
            target.ReceiveProposal(message);
            var proposal = message.PublicMessage!.Content.Proposal!;
            _removalOfUsPending |= proposal.Type == ProposalType.Remove && proposal.Removed == target.LeafIndex;
        }
        catch (MlsException ex)
        {
            var kind = ex.Data["dave"] is DaveRejectionKind dave ? dave : DaveRejectionKind.Mls;
            Reject(VoiceOpcode.DaveMlsProposals, kind, ex.Kind, ex.Message);
        }
    }

    /// <summary>Every member commits what it holds (DAVE v1: all members are committing members); the gateway
    /// broadcasts the first valid commit and we adopt ours only if it comes back.</summary>
    private void CommitCached(MlsGroup target)
    {
        // A member about to be removed cannot commit its own removal; another member will.
        if (target.PendingProposalCount == 0 || _removalOfUsPending)
        {
            target.DiscardPendingCommit();
            _ourCommit = null;
            return;
        }

        CommitOutput output;
        try
        {
            // mlspp (libdave) adds a path only when a Remove requires one.
            output = target.Commit(options: new CommitOptions(ForcePath: false));
        }
        catch (MlsException ex)
        {
            target.DiscardPendingCommit();
            _ourCommit = null;
            Reject(
                VoiceOpcode.DaveMlsProposals,
                DaveRejectionKind.Mls,
                ex.Kind,
                $"cannot commit the proposals: {ex.Message}");
            return;
        }

        var commit = output.Commit.Encode();
        var welcome = output.Welcome?.Encode() ?? [];
        _ourCommit = commit;
        SendBinary(VoiceOpcode.DaveMlsCommitWelcome, [.. commit, .. welcome]);
        Interlocked.Increment(ref _commitsSent);
        Log.DaveCommitted(_logger, target.Epoch, target.PendingProposalCount, welcome.Length > 0);
    }

    /// <summary>Without an established group only our own pending commit, echoed back, means anything; any other
    /// commit is ignored (libdave: "ignored", not an error).</summary>
    private void AdoptOwnCommit(ushort transitionId, byte[] bytes)
    {
        if (_pendingGroup is null || _ourCommit is null || !bytes.AsSpan().SequenceEqual(_ourCommit))
        {
            Reject(
                VoiceOpcode.DaveMlsAnnounceCommitTransition,
                DaveRejectionKind.NoGroup,
                null,
                "a commit while we are not in the group (waiting for a Welcome)");
            return;
        }

        try
        {
            _pendingGroup.ProcessCommit(MlsMessage.Decode(bytes));
            MemberIdsUnique(_pendingGroup);
        }
        catch (MlsException ex)
        {
            Recover(VoiceOpcode.DaveMlsAnnounceCommitTransition, transitionId, ex);
            return;
        }

        _group = _pendingGroup;
        _pendingGroup = null;
        Interlocked.Increment(ref _commitsProcessed);
        OnNewEpoch(transitionId);
    }

    /// <summary>DAVE proposals: PublicMessage from external sender 0, Add or Remove, Adds only for recognized
    /// users.</summary>
    private void CheckProposalPolicy(MlsMessage message)
    {
        var content = message.PublicMessage?.Content;
        PolicyIf(content is null, DaveRejectionKind.Policy, "a proposal must be a PublicMessage");
        PolicyIf(content!.ContentType != ContentType.Proposal, DaveRejectionKind.Policy, "not a proposal");
        PolicyIf(
            content.Sender.Type != SenderType.External || content.Sender.Index != 0,
            DaveRejectionKind.Policy,
            "proposals must come from the voice gateway's external sender");
        var proposal = content.Proposal!;
        PolicyIf(
            proposal.Type is not (ProposalType.Add or ProposalType.Remove),
            DaveRejectionKind.Policy,
            $"{proposal.Type} proposals are not allowed in DAVE");
        if (proposal.Type == ProposalType.Add)
        {
            var identity = proposal.Add!.LeafNode.Credential.Identity;
            PolicyIf(identity.Length != 8, DaveRejectionKind.Policy, "the added identity is not an 8-byte user id");
            var user = BinaryPrimitives.ReadUInt64BigEndian(identity);
            PolicyIf(
                !_recognized.Contains(user),
                DaveRejectionKind.UnrecognizedUser,
                $"Add for user {user}, who is not in the call");
        }
    }

    /// <summary>DAVE commits: PublicMessage whose proposals are all references.</summary>
    private static void CheckCommitPolicy(MlsMessage message)
    {
        var content = message.PublicMessage?.Content;
        PolicyIf(content is null, DaveRejectionKind.Policy, "a commit must be a PublicMessage");
        PolicyIf(content!.ContentType != ContentType.Commit, DaveRejectionKind.Policy, "not a commit");
        PolicyIf(
            content.Commit!.Proposals.Any(p => p.Reference is null),
            DaveRejectionKind.Policy,
            "commits must reference proposals, not carry them inline");
    }

    /// <summary>A joined group must name exactly our external sender and hold each user once.</summary>
    private void CheckJoinedGroup(MlsGroup joined)
    {
        var senders = joined.ExternalSenders;
        var ours = _externalSenderBytes;
        PolicyIf(
            ours is null || senders.Count != 1 || !TlsWriter.Encode(senders[0].Write).AsSpan().SequenceEqual(ours),
            DaveRejectionKind.WrongExternalSender,
            "the Welcome's group does not name our voice gateway as its one external sender");
        MemberIdsUnique(joined);
    }

    private static void MemberIdsUnique(MlsGroup group)
    {
        var ids = MemberIds(group);
        PolicyIf(
            ids.Values.Distinct().Count() != ids.Count,
            DaveRejectionKind.DuplicateUser,
            "two leaves carry the same user id");
    }

    private static void PolicyIf(bool condition, DaveRejectionKind kind, string reason)
    {
        if (condition)
        {
            var ex = new MlsException(MlsErrorKind.BadProposal, reason);
            ex.Data["dave"] = kind;
            throw ex;
        }
    }

    private static List<byte[]> SplitMessages(TlsReader r) => r.ReadVector(inner =>
    {
        var list = new List<byte[]>();
        while (inner.Remaining > 0)
        {
            var start = inner.Position;
            MlsMessage.Read(inner);
            list.Add(inner.Slice(start, inner.Position).ToArray());
        }

        return list;
    });

    private static List<byte[]> SplitRefs(TlsReader r) => r.ReadList(x => x.ReadOpaque());
}
