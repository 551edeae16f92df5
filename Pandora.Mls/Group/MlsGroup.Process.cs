using System.Security.Cryptography;
using Pandora.Mls.Messages;
using Pandora.Mls.Schedule;
using Pandora.Mls.Tree;

namespace Pandora.Mls.Group;

public sealed partial class MlsGroup
{
    /// <summary>
    /// Verifies a proposal (PublicMessage from a member or an external sender) and caches it for the next commit.
    /// Returns its ProposalRef.
    /// </summary>
    public byte[] ReceiveProposal(MlsMessage message)
    {
        var pub = RequirePublic(message);
        MlsException.ThrowIf(
            pub.Content.ContentType != ContentType.Proposal,
            MlsErrorKind.BadProposal,
            "not a proposal");
        VerifyFraming(pub);
        var proposal = pub.Content.Proposal!;
        if (pub.Content.Sender.Type == SenderType.External)
        {
            MlsException.ThrowIf(
                proposal.Type is not (ProposalType.Add or ProposalType.Remove or ProposalType.Psk
                    or ProposalType.ReInit or ProposalType.GroupContextExtensions),
                MlsErrorKind.BadProposal,
                $"external senders may not propose {proposal.Type}");
        }

        ValidateProposalOnReceipt(proposal, pub.Content.Sender);
        var reference = Framing.ProposalRef(pub);
        _proposals.Add(new CachedProposal(reference, proposal, pub.Content.Sender));
        return reference;
    }

    /// <summary>
    /// Drops the cached proposal with this ProposalRef (a DAVE gateway revokes proposals it will not have committed).
    /// Returns false when no cached proposal has that reference.
    /// </summary>
    public bool RevokeProposal(ReadOnlySpan<byte> reference)
    {
        for (int i = 0; i < _proposals.Count; i++)
        {
            if (_proposals[i].Ref.AsSpan().SequenceEqual(reference))
            {
                _proposals.RemoveAt(i);
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Processes a commit from another member (RFC 9420 §12.4.2) and advances to the next epoch, or adopts our own
    /// pending commit when these are its exact bytes. Throws <see cref="MlsException"/> and leaves the state unchanged
    /// on any failure; throws with <see cref="MlsErrorKind.Removed"/> (and clears <see cref="IsActive"/>) when the
    /// commit removes us.
    /// </summary>
    public void ProcessCommit(MlsMessage message)
    {
        MlsException.ThrowIf(!IsActive, MlsErrorKind.Removed, "we were removed from this group");
        if (_pending is { } pending && message.Encode().AsSpan().SequenceEqual(pending.CommitBytes))
        {
            Install(pending.Next);
            return;
        }

        var pub = RequirePublic(message);
        VerifyCommitFraming(pub);
        var committer = pub.Content.Sender.Index;
        var commit = pub.Content.Commit!;
        var tree = _state.Tree.Clone();
        var applied = ApplyProposals(tree, ResolveProposals(commit, committer), committer);
        MlsException.ThrowIf(
            applied.PathRequired && commit.Path is null,
            MlsErrorKind.BadCommit,
            "commit needs an update path");
        if (applied.RemovedLeaves.Contains(_state.Self))
        {
            IsActive = false;
            throw new MlsException(MlsErrorKind.Removed, "the commit removes us");
        }

        var keys = PruneKeys(_state.Keys, tree);
        var commitSecret = commit.Path is { } path
            ? MergeReceivedPath(tree, committer, path, applied, ref keys)
            : EpochSecrets.Zero;
        var next = FinishEpoch(pub, tree, applied, commitSecret, keys);
        MlsException.ThrowIf(
            pub.ConfirmationTag is null
                || !CryptographicOperations.FixedTimeEquals(
                    next.Secrets.ConfirmationTag(next.Context.ConfirmedTranscriptHash),
                    pub.ConfirmationTag),
            MlsErrorKind.BadConfirmationTag,
            "commit confirmation tag does not match");
        Install(next);
    }

    /// <summary>Checks a proposal against the current epoch when it arrives (RFC 9420 §12.2).</summary>
    private void ValidateProposalOnReceipt(Proposal proposal, Sender sender)
    {
        switch (proposal.Type)
        {
            case ProposalType.Add:
                proposal.Add!.Validate();
                break;

            case ProposalType.Remove:
                MlsException.ThrowIf(
                    _state.Tree.GetLeaf(proposal.Removed) is null,
                    MlsErrorKind.BadProposal,
                    $"remove of blank or missing leaf {proposal.Removed}");
                break;

            case ProposalType.Update:
                MlsException.ThrowIf(
                    sender.Type != SenderType.Member
                        || proposal.Update!.Source != LeafNodeSource.Update
                        || !proposal.Update.VerifySignature(GroupId, sender.Index),
                    MlsErrorKind.BadLeafNode,
                    "update leaf node is invalid");
                break;
        }
    }

    private void VerifyCommitFraming(PublicMessage pub)
    {
        var content = pub.Content;
        MlsException.ThrowIf(content.ContentType != ContentType.Commit, MlsErrorKind.BadCommit, "not a commit");
        MlsException.ThrowIf(
            content.Sender.Type != SenderType.Member,
            MlsErrorKind.BadSender,
            "commit sender is not a member");
        MlsException.ThrowIf(content.Sender.Index == _state.Self, MlsErrorKind.BadSender, "commit claims to be ours");
        VerifyFraming(pub);
    }

    /// <summary>Merges a received UpdatePath, decrypts our path secret and returns the commit secret.</summary>
    private byte[] MergeReceivedPath(
        RatchetTree tree,
        uint committer,
        UpdatePath path,
        AppliedProposals applied,
        ref Dictionary<uint, NodeKey> keys)
    {
        TreeKem.Merge(tree, committer, path, GroupId);
        tree.VerifyUniqueKeys();
        keys = PruneKeys(keys, tree);
        var provisional = NextContext(tree, _state.Context.ConfirmedTranscriptHash, applied.Extensions);
        var result = TreeKem.Decap(
            tree,
            committer,
            path,
            _state.Self,
            keys.ToDictionary(k => k.Key, k => k.Value.PrivateKey),
            applied.AddedLeaves.ToHashSet(),
            provisional.Encode());
        foreach (var (node, priv) in result.PrivateKeys)
        {
            keys[node] = new NodeKey(priv, tree.EncryptionKeyAt(node)!);
        }

        return result.CommitSecret;
    }

    private EpochState FinishEpoch(
        PublicMessage pub,
        RatchetTree tree,
        AppliedProposals applied,
        byte[] commitSecret,
        Dictionary<uint, NodeKey> keys)
    {
        var confirmed = TranscriptHash.Confirmed(
            _state.InterimTranscriptHash,
            WireFormat.PublicMessage,
            pub.Content,
            pub.Signature);
        var context = NextContext(tree, confirmed, applied.Extensions);
        var secrets = EpochSecrets.Derive(
            _state.Secrets.InitSecret,
            commitSecret,
            ResolvePsks(applied.Psks),
            context.Encode());
        var tag = pub.ConfirmationTag ?? secrets.ConfirmationTag(confirmed);
        return new EpochState(context, tree, secrets, TranscriptHash.Interim(confirmed, tag), _state.Self, keys);
    }

    private GroupContext NextContext(
        RatchetTree tree,
        byte[] confirmedTranscriptHash,
        List<Extension> extensions) => new()
    {
        GroupId = GroupId,
        Epoch = Epoch + 1,
        TreeHash = tree.RootHash(),
        ConfirmedTranscriptHash = confirmedTranscriptHash,
        Extensions = extensions,
    };

    // Handshake messages sent as PrivateMessage are not followed: a group whose members encrypt their
    // proposals and commits cannot be joined by this engine (DAVE sends every handshake as a PublicMessage).
    private static PublicMessage RequirePublic(MlsMessage message)
    {
        MlsException.ThrowIf(
            message.WireFormat != WireFormat.PublicMessage,
            MlsErrorKind.WrongWireFormat,
            $"handshake wire format {message.WireFormat} is not supported; only PublicMessage");
        return message.PublicMessage!;
    }

    /// <summary>Group, epoch, sender, membership tag and signature checks shared by proposals and commits.</summary>
    private void VerifyFraming(PublicMessage pub)
    {
        var content = pub.Content;
        MlsException.ThrowIf(
            !content.GroupId.AsSpan().SequenceEqual(GroupId),
            MlsErrorKind.WrongGroup,
            "group id differs");
        MlsException.ThrowIf(content.Epoch != Epoch, MlsErrorKind.WrongEpoch, $"epoch {content.Epoch}, ours {Epoch}");
        switch (content.Sender.Type)
        {
            case SenderType.Member:
                var leaf = _state.Tree.GetLeaf(content.Sender.Index)
                    ?? throw new MlsException(MlsErrorKind.BadSender, $"sender leaf {content.Sender.Index} is blank");
                Framing.VerifyMembershipTag(pub, _state.Context, _state.Secrets.MembershipKey);
                Framing.VerifySignature(pub, _state.Context, leaf.SignatureKey);
                break;

            case SenderType.External:
                var senders = ExternalSenders;
                MlsException.ThrowIf(
                    content.Sender.Index >= senders.Count,
                    MlsErrorKind.BadSender,
                    $"external sender {content.Sender.Index} is not configured");
                MlsException.ThrowIf(
                    pub.MembershipTag is not null,
                    MlsErrorKind.BadSender,
                    "external message has a membership tag");
                Framing.VerifySignature(pub, null, senders[(int)content.Sender.Index].SignatureKey);
                break;

            // new_member_proposal and new_member_commit (joining by external commit) are not implemented: such a
            // message is rejected with BadSender, so a group that admits members that way cannot be followed.
            default:
                throw new MlsException(MlsErrorKind.BadSender, $"sender type {content.Sender.Type} is not supported");
        }
    }

    private List<(Proposal Proposal, Sender Sender)> ResolveProposals(Commit commit, uint committer)
    {
        var list = new List<(Proposal, Sender)>();
        foreach (var item in commit.Proposals)
        {
            if (item.Proposal is not null)
            {
                list.Add((item.Proposal, Sender.Member(committer)));
                continue;
            }

            var cached = _proposals.FirstOrDefault(p => p.Ref.AsSpan().SequenceEqual(item.Reference))
                ?? throw new MlsException(MlsErrorKind.UnknownProposalRef, "commit references an unknown proposal");
            list.Add((cached.Proposal, cached.Sender));
        }

        return list;
    }

    /// <summary>
    /// Applies proposals to <paramref name="tree"/> in RFC 9420 §12.3 order: group context extensions, updates,
    /// removes (then truncation), adds.
    /// </summary>
    private AppliedProposals ApplyProposals(
        RatchetTree tree,
        List<(Proposal Proposal, Sender Sender)> proposals,
        uint committer)
    {
        var extensions = _state.Context.Extensions;
        var pathRequired = proposals.Count == 0;
        var psks = new List<PreSharedKeyId>();
        foreach (var (p, sender) in proposals)
        {
            switch (p.Type)
            {
                case ProposalType.GroupContextExtensions:
                    extensions = p.GroupContextExtensions!;
                    pathRequired = true;
                    break;

                case ProposalType.Update:
                    ApplyUpdate(tree, p.Update!, sender, committer);
                    pathRequired = true;
                    break;

                case ProposalType.Psk:
                    psks.Add(p.Psk!);
                    break;

                case ProposalType.Add or ProposalType.Remove:
                    break;

                // ReInit and ExternalInit are not implemented; a commit carrying one is rejected with BadProposal.
                // Capabilities and required_capabilities are not checked against the group's extensions either.
                default:
                    throw new MlsException(MlsErrorKind.BadProposal, $"{p.Type} proposals are not supported");
            }
        }

        var removed = ApplyRemoves(tree, proposals, committer);
        pathRequired |= removed.Count > 0;
        var (added, addedPackages) = ApplyAdds(tree, proposals);
        tree.VerifyUniqueKeys();
        return new AppliedProposals(extensions, psks, added, addedPackages, removed, pathRequired);
    }

    private void ApplyUpdate(RatchetTree tree, LeafNode leaf, Sender sender, uint committer)
    {
        MlsException.ThrowIf(
            sender.Type != SenderType.Member || sender.Index == committer,
            MlsErrorKind.BadProposal,
            "update must come from a member other than the committer");
        MlsException.ThrowIf(
            leaf.Source != LeafNodeSource.Update || !leaf.VerifySignature(GroupId, sender.Index),
            MlsErrorKind.BadLeafNode,
            "update leaf node is invalid");
        tree.UpdateLeaf(sender.Index, leaf);
    }

    private static HashSet<uint> ApplyRemoves(
        RatchetTree tree,
        List<(Proposal Proposal, Sender Sender)> proposals,
        uint committer)
    {
        var removed = new HashSet<uint>();
        foreach (var (p, _) in proposals.Where(x => x.Proposal.Type == ProposalType.Remove))
        {
            MlsException.ThrowIf(!removed.Add(p.Removed), MlsErrorKind.BadProposal, "leaf removed twice");
            MlsException.ThrowIf(p.Removed == committer, MlsErrorKind.BadProposal, "commit removes its committer");
            tree.RemoveLeaf(p.Removed);
        }

        tree.Truncate();
        return removed;
    }

    private static (List<uint> Leaves, List<KeyPackage> Packages) ApplyAdds(
        RatchetTree tree,
        List<(Proposal Proposal, Sender Sender)> proposals)
    {
        var added = new List<uint>();
        var packages = new List<KeyPackage>();
        foreach (var (p, _) in proposals.Where(x => x.Proposal.Type == ProposalType.Add))
        {
            p.Add!.Validate();
            added.Add(tree.AddLeaf(p.Add.LeafNode));
            packages.Add(p.Add);
        }

        return (added, packages);
    }

    private static Dictionary<uint, NodeKey> PruneKeys(Dictionary<uint, NodeKey> keys, RatchetTree tree)
    {
        var kept = new Dictionary<uint, NodeKey>();
        foreach (var (node, key) in keys)
        {
            var current = node < tree.NodeCount ? tree.EncryptionKeyAt(node) : null;
            if (current is not null && current.AsSpan().SequenceEqual(key.PublicKey))
            {
                kept[node] = key;
            }
        }

        return kept;
    }

    private sealed record AppliedProposals(
        List<Extension> Extensions,
        List<PreSharedKeyId> Psks,
        List<uint> AddedLeaves,
        List<KeyPackage> AddedPackages,
        HashSet<uint> RemovedLeaves,
        bool PathRequired);
}
