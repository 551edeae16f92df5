using System.Security.Cryptography;
using Pandora.Mls.Codec;
using Pandora.Mls.Crypto;
using Pandora.Mls.Messages;
using Pandora.Mls.Schedule;
using Pandora.Mls.Tree;

namespace Pandora.Mls.Group;

/// <summary>
/// One member's view of an MLS group for cipher suite 2: join from a Welcome, follow commits, cache proposals,
/// and lead (create, commit Add/Remove with a path, produce Welcomes). Handshake messages are PublicMessages.
/// Not thread safe: one actor owns a group and feeds it messages in order.
/// </summary>
public sealed partial class MlsGroup
{
    private readonly byte[] _signaturePrivateKey;
    private readonly ExternalPskLookup? _externalPsks;
    private readonly List<CachedProposal> _proposals = [];
    private readonly Dictionary<ulong, byte[]> _resumptionPsks = [];
    private EpochState _state;
    private PendingCommit? _pending;

    private MlsGroup(EpochState state, byte[] signaturePrivateKey, ExternalPskLookup? externalPsks)
    {
        _state = state;
        _signaturePrivateKey = signaturePrivateKey;
        _externalPsks = externalPsks;
        _resumptionPsks[state.Context.Epoch] = state.Secrets.ResumptionPsk;
    }

    public byte[] GroupId => _state.Context.GroupId;

    public ulong Epoch => _state.Context.Epoch;

    /// <summary>Our leaf index.</summary>
    public uint LeafIndex => _state.Self;

    /// <summary>The current GroupContext.</summary>
    public GroupContext Context => _state.Context;

    /// <summary>The current ratchet tree; callers must not modify it.</summary>
    public RatchetTree Tree => _state.Tree;

    /// <summary>epoch_authenticator of the current epoch (DAVE's privacy code derives from it).</summary>
    public byte[] EpochAuthenticator => _state.Secrets.EpochAuthenticator;

    /// <summary>The secrets of the current epoch.</summary>
    public EpochSecrets Secrets => _state.Secrets;

    /// <summary>False once a commit removed us; the group must then be dropped.</summary>
    public bool IsActive { get; private set; } = true;

    /// <summary>Proposals cached for the next commit, in arrival order.</summary>
    public int PendingProposalCount => _proposals.Count;

    /// <summary>MLS-Exporter of the current epoch.</summary>
    public byte[] Export(string label, ReadOnlySpan<byte> context, int length) =>
        _state.Secrets.Export(label, context, length);

    /// <summary>The external senders of the group context, empty when the extension is absent.</summary>
    public IReadOnlyList<ExternalSender> ExternalSenders
    {
        get
        {
            var ext = _state.Context.Extensions.FirstOrDefault(e => e.Type == (ushort)ExtensionType.ExternalSenders);
            return ext is null ? [] : TlsReader.DecodeAll(ext.Data, r => r.ReadList(ExternalSender.Read));
        }
    }

    /// <summary>
    /// Creates a one-member group at epoch 0 (RFC 9420 §11) from our key package, with the given group context
    /// extensions (DAVE: one external_senders extension).
    /// </summary>
    public static MlsGroup Create(byte[] groupId, KeyPackageBundle self, IReadOnlyList<Extension>? extensions = null)
    {
        var tree = new RatchetTree(1);
        tree.SetLeaf(0, self.KeyPackage.LeafNode);
        var context = new GroupContext
        {
            GroupId = groupId,
            Epoch = 0,
            TreeHash = tree.RootHash(),
            ConfirmedTranscriptHash = [],
            Extensions = [.. extensions ?? []],
        };
        var secrets = EpochSecrets.Derive(
            RandomNumberGenerator.GetBytes(MlsCrypto.HashLength),
            EpochSecrets.Zero,
            EpochSecrets.Zero,
            context.Encode());
        var tag = secrets.ConfirmationTag(context.ConfirmedTranscriptHash);
        var keys = new Dictionary<uint, NodeKey>
        {
            [0] = new(self.EncryptionPrivateKey, self.KeyPackage.LeafNode.EncryptionKey),
        };
        var state = new EpochState(
            context,
            tree,
            secrets,
            TranscriptHash.Interim(context.ConfirmedTranscriptHash, tag),
            0,
            keys);
        return new MlsGroup(state, self.SignaturePrivateKey, null);
    }

    // Resumption PSKs resolve only for epochs this instance has itself been in; an older epoch (or another
    // group's) makes the commit fail with UnknownPsk.
    private byte[] ResolvePsks(IReadOnlyList<PreSharedKeyId> ids)
    {
        var list = new List<(PreSharedKeyId, byte[])>();
        foreach (var id in ids)
        {
            byte[]? psk = null;
            if (id.PskType == PskType.External)
            {
                psk = _externalPsks?.Invoke(id.PskId);
            }
            else if (id.PskGroupId.AsSpan().SequenceEqual(GroupId))
            {
                psk = _resumptionPsks.GetValueOrDefault(id.PskEpoch);
            }

            MlsException.ThrowIf(
                psk is null,
                MlsErrorKind.UnknownPsk,
                "a pre-shared key named by the group is unknown");
            list.Add((id, psk!));
        }

        return PskSecret.Compute(list);
    }

    private static byte[] ResolvePsks(IReadOnlyList<PreSharedKeyId> ids, ExternalPskLookup? externalPsks)
    {
        var list = new List<(PreSharedKeyId, byte[])>();
        foreach (var id in ids)
        {
            var psk = id.PskType == PskType.External ? externalPsks?.Invoke(id.PskId) : null;
            MlsException.ThrowIf(psk is null, MlsErrorKind.UnknownPsk, "a pre-shared key in the Welcome is unknown");
            list.Add((id, psk!));
        }

        return PskSecret.Compute(list);
    }

    private void Install(EpochState next)
    {
        _state = next;
        _proposals.Clear();
        _pending = null;
        _resumptionPsks[next.Context.Epoch] = next.Secrets.ResumptionPsk;
    }

    /// <summary>A node's key pair held by this member.</summary>
    internal sealed record NodeKey(byte[] PrivateKey, byte[] PublicKey);

    /// <summary>Everything that changes from one epoch to the next.</summary>
    internal sealed record EpochState(
        GroupContext Context,
        RatchetTree Tree,
        EpochSecrets Secrets,
        byte[] InterimTranscriptHash,
        uint Self,
        Dictionary<uint, NodeKey> Keys)
    {
        public IReadOnlyDictionary<uint, byte[]> PrivateKeys => Keys.ToDictionary(k => k.Key, k => k.Value.PrivateKey);
    }

    private sealed record CachedProposal(byte[] Ref, Proposal Proposal, Sender Sender);

    private sealed record PendingCommit(byte[] CommitBytes, EpochState Next);
}
