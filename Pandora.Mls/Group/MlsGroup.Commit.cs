using Pandora.Mls.Codec;
using Pandora.Mls.Crypto;
using Pandora.Mls.Messages;
using Pandora.Mls.Schedule;
using Pandora.Mls.Tree;

namespace Pandora.Mls.Group;

public sealed partial class MlsGroup
{
    /// <summary>
    /// Creates a commit over <paramref name="inlineProposals"/> (sent by value) and, by default, all cached
    /// proposals (by reference), with an UpdatePath, and a Welcome for new members. The group does not advance
    /// until <see cref="MergePendingCommit"/> is called or the same commit bytes come back through
    /// <see cref="ProcessCommit"/> (as when a DAVE gateway echoes the winning commit). Inline proposals may be Add,
    /// Remove, PreSharedKey and GroupContextExtensions; the engine never creates Update proposals of its own.
    /// </summary>
    public CommitOutput Commit(IReadOnlyList<Proposal>? inlineProposals = null, CommitOptions? options = null)
    {
        MlsException.ThrowIf(!IsActive, MlsErrorKind.Removed, "we were removed from this group");
        options ??= new CommitOptions();
        var (items, proposals) = CollectProposals(inlineProposals, options.IncludeCachedProposals);
        var tree = _state.Tree.Clone();
        var applied = ApplyProposals(tree, proposals, _state.Self);
        var keys = PruneKeys(_state.Keys, tree);
        TreeKemEncapResult? encap = null;
        if (applied.PathRequired || options.ForcePath)
        {
            encap = EncapOwnPath(tree, applied, ref keys);
        }

        var path = encap?.Path;
        var kem = encap?.Result;
        var commitSecret = kem?.CommitSecret ?? EpochSecrets.Zero;
        var content = new FramedContent
        {
            GroupId = GroupId,
            Epoch = Epoch,
            Sender = Sender.Member(_state.Self),
            ContentType = ContentType.Commit,
            Commit = new Commit { Proposals = items, Path = path },
        };
        var pub = Framing.Sign(content, _state.Context, _signaturePrivateKey);
        var next = FinishEpoch(pub, tree, applied, commitSecret, keys);
        pub.ConfirmationTag = next.Secrets.ConfirmationTag(next.Context.ConfirmedTranscriptHash);
        pub.MembershipTag = Framing.MembershipTag(pub, _state.Context, _state.Secrets.MembershipKey);
        var message = new MlsMessage { WireFormat = WireFormat.PublicMessage, PublicMessage = pub };
        var welcome = applied.AddedLeaves.Count == 0
            ? null
            : BuildWelcome(next, pub.ConfirmationTag, applied, kem, options.InlineRatchetTree);
        _pending = new PendingCommit(message.Encode(), next);
        return new CommitOutput(message, welcome);
    }

    private (List<ProposalOrRef> Items, List<(Proposal, Sender)> Proposals) CollectProposals(
        IReadOnlyList<Proposal>? inlineProposals,
        bool includeCached)
    {
        var items = new List<ProposalOrRef>();
        var proposals = new List<(Proposal, Sender)>();
        if (includeCached)
        {
            foreach (var cached in _proposals)
            {
                items.Add(new ProposalOrRef { Reference = cached.Ref });
                proposals.Add((cached.Proposal, cached.Sender));
            }
        }

        foreach (var p in inlineProposals ?? [])
        {
            items.Add(new ProposalOrRef { Proposal = p });
            proposals.Add((p, Sender.Member(_state.Self)));
        }

        return (items, proposals);
    }

    /// <summary>Creates and merges our UpdatePath; records the new leaf and path private keys in <paramref
    /// name="keys"/>.</summary>
    private TreeKemEncapResult EncapOwnPath(
        RatchetTree tree,
        AppliedProposals applied,
        ref Dictionary<uint, NodeKey> keys)
    {
        var encap = TreeKem.Encap(
            tree,
            _state.Self,
            tree.GetLeaf(_state.Self)!,
            _signaturePrivateKey,
            GroupId,
            applied.AddedLeaves.ToHashSet(),
            hash => new GroupContext
            {
                GroupId = GroupId,
                Epoch = Epoch + 1,
                TreeHash = hash,
                ConfirmedTranscriptHash = _state.Context.ConfirmedTranscriptHash,
                Extensions = applied.Extensions,
            }.Encode());
        keys = PruneKeys(keys, tree);
        keys[_state.Self * 2] = new NodeKey(encap.LeafPrivateKey, encap.Path.LeafNode.EncryptionKey);
        foreach (var (node, priv) in encap.Result.PrivateKeys)
        {
            keys[node] = new NodeKey(priv, tree.EncryptionKeyAt(node)!);
        }

        return encap;
    }

    /// <summary>Adopts the commit made by <see cref="Commit"/> (our commit was accepted).</summary>
    public void MergePendingCommit()
    {
        var pending = _pending ?? throw new MlsException(MlsErrorKind.BadCommit, "no pending commit");
        Install(pending.Next);
    }

    /// <summary>Drops the commit made by <see cref="Commit"/> (another commit won).</summary>
    public void DiscardPendingCommit() => _pending = null;

    /// <summary>Signs the new epoch's GroupInfo and encrypts it under the welcome secret (RFC 9420
    /// §12.4.3.1).</summary>
    private byte[] EncryptGroupInfo(EpochState next, byte[] confirmationTag, AppliedProposals applied, bool inlineTree)
    {
        var extensions = new List<Extension>();
        if (inlineTree)
        {
            extensions.Add(new Extension((ushort)ExtensionType.RatchetTree, next.Tree.Encode()));
        }

        var info = new GroupInfo
        {
            GroupContext = next.Context,
            Extensions = extensions,
            ConfirmationTag = confirmationTag,
            Signer = _state.Self,
        };
        info.Signature = MlsCrypto.SignWithLabel(_signaturePrivateKey, "GroupInfoTBS", info.ToBeSigned());
        var welcomeSecret = EpochSecrets.WelcomeSecretOf(next.Secrets.JoinerSecret, ResolvePsks(applied.Psks));
        var key = MlsCrypto.ExpandWithLabel(welcomeSecret, "key", default, MlsCrypto.AeadKeyLength);
        var nonce = MlsCrypto.ExpandWithLabel(welcomeSecret, "nonce", default, MlsCrypto.AeadNonceLength);
        return MlsCrypto.AeadSeal(key, nonce, default, info.Encode());
    }

    private Welcome BuildWelcome(
        EpochState next,
        byte[] confirmationTag,
        AppliedProposals applied,
        TreeKemResult? kem,
        bool inlineTree)
    {
        var encryptedInfo = EncryptGroupInfo(next, confirmationTag, applied, inlineTree);
        var secrets = new List<EncryptedGroupSecrets>();
        for (int i = 0; i < applied.AddedLeaves.Count; i++)
        {
            var package = applied.AddedPackages[i];
            byte[]? pathSecret = null;
            if (kem is not null)
            {
                var ancestor = TreeMath.CommonAncestor(applied.AddedLeaves[i] * 2, _state.Self * 2);
                pathSecret = kem.PathSecrets.GetValueOrDefault(ancestor);
            }

            var groupSecrets = new GroupSecrets
            {
                JoinerSecret = next.Secrets.JoinerSecret,
                PathSecret = pathSecret,
                Psks = applied.Psks,
            };
            var (kemOutput, ct) = MlsCrypto.EncryptWithLabel(
                package.InitKey,
                "Welcome",
                encryptedInfo,
                TlsWriter.Encode(groupSecrets.Write));
            secrets.Add(new EncryptedGroupSecrets(package.Ref(), new HpkeCiphertext(kemOutput, ct)));
        }

        return new Welcome { Secrets = secrets, EncryptedGroupInfo = encryptedInfo };
    }
}
