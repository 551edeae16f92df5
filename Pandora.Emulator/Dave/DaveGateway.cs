using System.Buffers.Binary;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Pandora.Mls;
using Pandora.Mls.Codec;
using Pandora.Mls.Crypto;
using Pandora.Mls.Group;
using Pandora.Mls.Messages;

namespace Pandora.Emulator.Dave;

/// <summary>
/// The voice server's side of DAVE v1 for one channel (protocol brief §4): the external sender, proposals signed
/// by it, the choice of the winning commit, welcomes relayed to joiners, and transitions. It reconciles the group
/// with who is in the channel one epoch at a time: leaves and stale leaves (after op 31 or a new key package) are
/// removed, participants with a key package and no leaf are added. Everything runs on one loop fed by
/// <see cref="Post"/>; participants are never called concurrently by it.
/// </summary>
internal sealed class DaveGateway : IAsyncDisposable
{
    private readonly Channel<object> _events = Channel.CreateUnbounded<object>();
    private readonly List<DaveParticipant> _participants = [];
    private readonly List<DaveParticipant?> _leaves = [];
    private readonly byte[] _signingKey;
    private readonly ILogger _logger;
    private readonly TimeSpan _commitTimeout;
    private readonly TimeSpan _readyTimeout;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly Lock _statsLock = new();
    private long _keyPackageOrder;
    private ulong _epoch;
    private ushort _transitionId;
    private Phase _phase;
    private DateTime _deadline = DateTime.MaxValue;
    private List<byte[]> _sentRefs = [];
    private List<DaveParticipant> _committers = [];
    private Plan? _plan;
    private HashSet<DaveParticipant> _awaitingReady = [];
    private List<DaveParticipant> _transitionRecipients = [];
    private DaveStats _stats;

    public DaveGateway(ulong channelId, ILogger logger, TimeSpan commitTimeout, TimeSpan readyTimeout)
    {
        GroupId = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(GroupId, channelId);
        (_signingKey, var publicKey) = MlsCrypto.GenerateKeyPair();

        // ExternalSender = signature_key<V> ‖ Credential{basic, identity = the single byte 00}, as Discord sends.
        ExternalSenderBytes = TlsWriter.Encode(w =>
            new ExternalSender(publicKey, Credential.Basic([0x00])).Write(w));
        _logger = logger;
        _commitTimeout = commitTimeout;
        _readyTimeout = readyTimeout;
        _loop = Task.Run(RunAsync);
    }

    private enum Phase
    {
        Idle,
        AwaitCommit,
        AwaitReady,
    }

    /// <summary>The MLS group id: the channel id as 8 bytes big-endian.</summary>
    public byte[] GroupId { get; }

    /// <summary>The op 25 payload.</summary>
    public byte[] ExternalSenderBytes { get; }

    /// <summary>Counters and the current epoch, as one snapshot.</summary>
    public DaveStats Stats
    {
        get
        {
            lock (_statsLock)
            {
                return _stats;
            }
        }
    }

    /// <summary>Queues an event for the loop (never blocks).</summary>
    public void Post(object message) => _events.Writer.TryWrite(message);

    public async ValueTask DisposeAsync()
    {
        _events.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var wait = _deadline == DateTime.MaxValue ? Timeout.InfiniteTimeSpan
                : TimeSpan.FromMilliseconds(Math.Max(0, (_deadline - DateTime.UtcNow).TotalMilliseconds));
            object? message = null;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
            {
                timeout.CancelAfter(wait);
                try
                {
                    if (await _events.Reader.WaitToReadAsync(timeout.Token).ConfigureAwait(false))
                    {
                        _events.Reader.TryRead(out message);
                    }
                    else
                    {
                        return;
                    }
                }
                catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
                {
                    // Deadline reached.
                }
            }

            try
            {
                await HandleAsync(message).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.DaveError(_logger, e);
            }
        }
    }

    private async Task HandleAsync(object? message)
    {
        switch (message)
        {
            case null when DateTime.UtcNow >= _deadline:
                await DeadlineAsync().ConfigureAwait(false);
                break;
            case JoinEvent join:
                _participants.Add(join.Participant);
                await join.Participant.SendBinaryAsync(25, ExternalSenderBytes).ConfigureAwait(false);
                break;
            case LeaveEvent leave:
                leave.Participant.Present = false;
                _participants.Remove(leave.Participant);
                if (_awaitingReady.Remove(leave.Participant) && _awaitingReady.Count == 0)
                {
                    await ExecuteAsync().ConfigureAwait(false);
                }

                break;
            case KeyPackageEvent kp:
                OnKeyPackage(kp);
                break;
            case CommitEvent commit:
                await OnCommitAsync(commit).ConfigureAwait(false);
                break;
            case ReadyEvent ready:
                if (_phase == Phase.AwaitReady && ready.TransitionId == _transitionId
                    && _awaitingReady.Remove(ready.Participant) && _awaitingReady.Count == 0)
                {
                    await ExecuteAsync().ConfigureAwait(false);
                }

                break;
            case InvalidEvent invalid:
                await OnInvalidAsync(invalid).ConfigureAwait(false);
                break;
        }

        if (_phase == Phase.Idle)
        {
            await ReconcileAsync().ConfigureAwait(false);
        }
    }

    // Op 26: the bare KeyPackage. The gateway checks suite, signatures and that the credential is the user's.
    private void OnKeyPackage(KeyPackageEvent e)
    {
        if (!e.Participant.Present)
        {
            return;
        }

        try
        {
            var kp = TlsReader.DecodeAll(e.Bytes, KeyPackage.Read);
            kp.Validate();
            var identity = kp.LeafNode.Credential.Identity;
            if (identity.Length != 8 || BinaryPrimitives.ReadUInt64BigEndian(identity) != e.Participant.UserId
                || kp.LeafNode.NotBefore != 0 || kp.LeafNode.NotAfter != ulong.MaxValue)
            {
                throw new MlsException(MlsErrorKind.InvalidValue, "key package credential or lifetime");
            }

            e.Participant.KeyPackage = kp;
            e.Participant.KeyPackageOrder = ++_keyPackageOrder;
            Count(s => s with { KeyPackages = s.KeyPackages + 1 });
        }
        catch (MlsException error)
        {
            Log.DaveRejected(_logger, e.Participant.ToString(), "key package", error.Message);
        }
    }

    private async Task OnInvalidAsync(InvalidEvent e)
    {
        // Op 31: the participant reset and will send a new key package; its leaf is stale and will be removed and
        // re-added (brief §4.9).
        Log.DaveRejected(_logger, e.Participant.ToString(), "op 31", $"transition {e.TransitionId}");
        Count(s => s with { InvalidCommitWelcomes = s.InvalidCommitWelcomes + 1 });
        e.Participant.KeyPackage = null;
        if (_awaitingReady.Remove(e.Participant) && _awaitingReady.Count == 0)
        {
            await ExecuteAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Plans the next epoch and sends its proposals to the committing members.</summary>
    private async Task ReconcileAsync()
    {
        var plan = PlanNext();
        if (plan is null)
        {
            return;
        }

        var messages = new List<byte[]>();
        var refs = new List<byte[]>();
        foreach (var leaf in plan.Removes)
        {
            AddProposal(Proposal.CreateRemove(leaf), messages, refs);
        }

        foreach (var p in plan.Adds)
        {
            AddProposal(Proposal.CreateAdd(p.KeyPackage!), messages, refs);
        }

        // Op 27 append: u8 0 ‖ proposal_messages<V> (the MLSMessages concatenated inside one vector).
        var payload = TlsWriter.Encode(w =>
        {
            w.WriteU8(0);
            w.WriteVector(v =>
            {
                foreach (var m in messages)
                {
                    v.WriteRaw(m);
                }
            });
        });
        _plan = plan;
        _sentRefs = refs;
        _committers = plan.Committers;
        _phase = Phase.AwaitCommit;
        _deadline = DateTime.UtcNow + _commitTimeout;
        Count(s => s with { Proposals = s.Proposals + messages.Count });
        Log.DaveProposals(_logger, _epoch, plan.Removes.Count, plan.Adds.Count,
            string.Join(", ", plan.Committers));
        foreach (var committer in plan.Committers)
        {
            await committer.SendBinaryAsync(27, payload).ConfigureAwait(false);
        }
    }

    private Plan? PlanNext()
    {
        var present = _participants.Where(p => p.Present).ToList();
        if (_leaves.All(l => l is null))
        {
            // No group: the participant whose key package came first creates it at epoch 0 and adds the others.
            _leaves.Clear();
            _epoch = 0;
            var pending = present.Where(p => p.KeyPackage is not null).OrderBy(p => p.KeyPackageOrder).ToList();
            if (pending.Count < 2)
            {
                return null;
            }

            var creator = pending[0];
            creator.Leaf = 0;
            creator.LeafPackage = creator.KeyPackage;
            _leaves.Add(creator);
            return new Plan([], pending[1..], [creator]);
        }

        var removes = new List<uint>();
        for (var i = 0; i < _leaves.Count; i++)
        {
            if (_leaves[i] is { } p && (!p.Present || !ReferenceEquals(p.KeyPackage, p.LeafPackage)))
            {
                removes.Add((uint)i);
            }
        }

        var adds = present.Where(p => p.KeyPackage is not null && !ReferenceEquals(p.KeyPackage, p.LeafPackage))
            .OrderBy(p => p.KeyPackageOrder).ToList();
        if (removes.Count == 0 && adds.Count == 0)
        {
            return null;
        }

        var committers = _leaves.OfType<DaveParticipant>()
            .Where(p => p.Present && ReferenceEquals(p.KeyPackage, p.LeafPackage)).ToList();
        if (committers.Count == 0)
        {
            // Nobody left who can commit: the group is gone, start over with the pending participants.
            foreach (var p in _leaves.OfType<DaveParticipant>())
            {
                p.Leaf = null;
                p.LeafPackage = null;
            }

            _leaves.Clear();
            return PlanNext();
        }

        return new Plan(removes, adds, committers);
    }

    private void AddProposal(Proposal proposal, List<byte[]> messages, List<byte[]> refs)
    {
        // An external proposal: sender type 2 index 0, signed over FramedContentTBS without a GroupContext.
        var content = new FramedContent
        {
            GroupId = GroupId,
            Epoch = _epoch,
            Sender = new Sender(SenderType.External, 0),
            ContentType = ContentType.Proposal,
            Proposal = proposal,
        };
        var pub = Framing.Sign(content, null, _signingKey);
        messages.Add(new MlsMessage { WireFormat = WireFormat.PublicMessage, PublicMessage = pub }.Encode());
        refs.Add(Framing.ProposalRef(pub));
    }

    // Op 28: MLSMessage commit [‖ Welcome]. The first valid commit of the epoch wins (brief §4.5).
    private async Task OnCommitAsync(CommitEvent e)
    {
        if (_phase != Phase.AwaitCommit || !_committers.Contains(e.Participant))
        {
            Count(s => s with { CommitsDropped = s.CommitsDropped + 1 });
            return;
        }

        byte[] commitBytes;
        byte[]? welcomeBytes;
        try
        {
            (commitBytes, welcomeBytes) = ValidateCommit(e);
        }
        catch (MlsException error)
        {
            Log.DaveRejected(_logger, e.Participant.ToString(), "commit", error.Message);
            Count(s => s with { CommitsDropped = s.CommitsDropped + 1 });
            return;
        }

        await AnnounceAsync(e.Participant, commitBytes, welcomeBytes).ConfigureAwait(false);
    }

    private (byte[] Commit, byte[]? Welcome) ValidateCommit(CommitEvent e)
    {
        var r = new TlsReader(e.Bytes);
        var message = MlsMessage.Read(r);
        var commitBytes = e.Bytes[..r.Position];
        byte[]? welcomeBytes = null;
        if (r.Remaining > 0)
        {
            var start = r.Position;
            Welcome.Read(r);
            r.EnsureEnd();
            welcomeBytes = e.Bytes[start..];
        }

        var pub = message.PublicMessage
            ?? throw new MlsException(MlsErrorKind.WrongWireFormat, "not a PublicMessage");
        var content = pub.Content;
        var valid = content.ContentType == ContentType.Commit && content.GroupId.AsSpan().SequenceEqual(GroupId)
            && content.Epoch == _epoch && content.Sender.Type == SenderType.Member
            && content.Sender.Index == e.Participant.Leaf;
        if (!valid)
        {
            throw new MlsException(
                MlsErrorKind.BadCommit,
                $"not a commit of epoch {_epoch} by leaf {e.Participant.Leaf}");
        }

        var items = content.Commit!.Proposals;
        var refs = items.Select(i => i.Reference is { } x ? Convert.ToHexString(x) : "inline").ToHashSet();
        if (items.Count != _sentRefs.Count || !refs.SetEquals(_sentRefs.Select(Convert.ToHexString)))
        {
            throw new MlsException(MlsErrorKind.BadCommit, "the commit does not reference exactly the proposals sent");
        }

        if (_plan!.Adds.Count > 0 && welcomeBytes is null)
        {
            throw new MlsException(MlsErrorKind.BadCommit, "members are added but no welcome came");
        }

        return (commitBytes, welcomeBytes);
    }

    /// <summary>Applies the winning commit to the gateway's view, op 29 to members, op 30 to joiners.</summary>
    private async Task AnnounceAsync(DaveParticipant committer, byte[] commit, byte[]? welcome)
    {
        var plan = _plan!;
        ApplyToLeaves(plan);
        _epoch++;
        _transitionId = (ushort)(_transitionId == ushort.MaxValue ? 1 : _transitionId + 1);
        _phase = Phase.AwaitReady;
        _deadline = DateTime.UtcNow + _readyTimeout;
        var members = _leaves.OfType<DaveParticipant>().Where(p => p.Present && !plan.Adds.Contains(p)).ToList();
        _transitionRecipients = [.. members, .. plan.Adds.Where(p => p.Present)];
        _awaitingReady = [.. _transitionRecipients];
        Count(s => s with
        {
            Epoch = _epoch, Commits = s.Commits + 1, Welcomes = s.Welcomes + plan.Adds.Count,
            BotCommits = s.BotCommits + (committer is DaveMember ? 0 : 1),
        });
        Log.DaveCommitWon(_logger, committer.ToString(), _epoch, _transitionId);

        var announce = Prefixed(commit);
        foreach (var p in members)
        {
            await p.SendBinaryAsync(29, announce).ConfigureAwait(false);
        }

        if (welcome is not null)
        {
            var relayed = Prefixed(welcome);
            foreach (var p in plan.Adds.Where(p => p.Present))
            {
                await p.SendBinaryAsync(30, relayed).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Tracks leaf indices as RFC 9420 §12.3 places them: removes blank leaves (the tree then truncates), each add
    /// takes the leftmost blank leaf or extends the tree to the right.
    /// </summary>
    private void ApplyToLeaves(Plan plan)
    {
        foreach (var leaf in plan.Removes)
        {
            // A stale leaf's participant may be re-added below, in the same commit.
            if (_leaves[(int)leaf] is { } removed)
            {
                removed.Leaf = null;
                removed.LeafPackage = null;
            }

            _leaves[(int)leaf] = null;
        }

        while (_leaves.Count > 0 && _leaves[^1] is null)
        {
            _leaves.RemoveAt(_leaves.Count - 1);
        }

        foreach (var p in plan.Adds)
        {
            var blank = _leaves.IndexOf(null);
            var index = blank >= 0 ? blank : _leaves.Count;
            if (blank >= 0)
            {
                _leaves[blank] = p;
            }
            else
            {
                _leaves.Add(p);
            }

            p.Leaf = (uint)index;
            p.LeafPackage = p.KeyPackage;
        }
    }

    private byte[] Prefixed(byte[] body)
    {
        var payload = new byte[2 + body.Length];
        BinaryPrimitives.WriteUInt16BigEndian(payload, _transitionId);
        body.CopyTo(payload, 2);
        return payload;
    }

    /// <summary>Op 22 execute transition to everyone in the transition.</summary>
    private async Task ExecuteAsync()
    {
        _phase = Phase.Idle;
        _deadline = DateTime.MaxValue;
        _awaitingReady.Clear();
        var d = new JsonObject { ["transition_id"] = _transitionId };
        foreach (var p in _transitionRecipients.Where(p => p.Present))
        {
            await p.SendJsonAsync(22, (JsonObject)d.DeepClone()).ConfigureAwait(false);
        }

        Count(s => s with { Transitions = s.Transitions + 1 });
        await ResetSoleMemberAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Sole member reset (brief §4.8): someone left alone in the channel gets op 24 epoch 1 and op 21 transition 0,
    /// drops the group and sends a new key package; the next joiner forms a new group with them.
    /// </summary>
    private async Task ResetSoleMemberAsync()
    {
        var present = _participants.Where(p => p.Present).ToList();
        if (present.Count != 1 || _leaves.OfType<DaveParticipant>().SingleOrDefault() is not { } sole
            || sole != present[0])
        {
            return;
        }

        sole.Leaf = null;
        sole.LeafPackage = null;
        sole.KeyPackage = null;
        _leaves.Clear();
        _epoch = 0;
        Count(s => s with { Epoch = 0, SoleMemberResets = s.SoleMemberResets + 1 });
        Log.DaveSoleMemberReset(_logger, sole.ToString());
        await sole.SendJsonAsync(24, new JsonObject { ["protocol_version"] = 1, ["epoch"] = 1 }).ConfigureAwait(false);
        await sole.SendJsonAsync(21, new JsonObject { ["transition_id"] = 0, ["protocol_version"] = 1 })
            .ConfigureAwait(false);
    }

    private async Task DeadlineAsync()
    {
        if (_phase == Phase.AwaitReady)
        {
            Log.DaveTimeout(_logger, "transition ready", _transitionId);
            await ExecuteAsync().ConfigureAwait(false);
            return;
        }

        if (_phase == Phase.AwaitCommit)
        {
            // Nobody committed: revoke the proposals (op 27 revoke: u8 1 ‖ proposal_refs<V>, each ref opaque<V>).
            Log.DaveTimeout(_logger, "commit", _epoch);
            var payload = TlsWriter.Encode(w =>
            {
                w.WriteU8(1);
                w.WriteVector(v =>
                {
                    foreach (var r in _sentRefs)
                    {
                        v.WriteOpaque(r);
                    }
                });
            });
            foreach (var p in _committers.Where(p => p.Present))
            {
                await p.SendBinaryAsync(27, payload).ConfigureAwait(false);
            }

            if (_epoch == 0)
            {
                // The creator did not commit: the next round asks the next pending participant.
                foreach (var p in _committers)
                {
                    p.KeyPackageOrder = ++_keyPackageOrder;
                }

                foreach (var p in _leaves.OfType<DaveParticipant>())
                {
                    p.Leaf = null;
                    p.LeafPackage = null;
                }

                _leaves.Clear();
            }

            _phase = Phase.Idle;
            _deadline = DateTime.MaxValue;
        }
    }

    private void Count(Func<DaveStats, DaveStats> change)
    {
        lock (_statsLock)
        {
            _stats = change(_stats);
        }
    }

    public sealed record JoinEvent(DaveParticipant Participant);

    public sealed record LeaveEvent(DaveParticipant Participant);

    public sealed record KeyPackageEvent(DaveParticipant Participant, byte[] Bytes);

    public sealed record CommitEvent(DaveParticipant Participant, byte[] Bytes);

    public sealed record ReadyEvent(DaveParticipant Participant, int TransitionId);

    public sealed record InvalidEvent(DaveParticipant Participant, int TransitionId);

    private sealed record Plan(List<uint> Removes, List<DaveParticipant> Adds, List<DaveParticipant> Committers);
}
