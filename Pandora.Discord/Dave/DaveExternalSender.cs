using Pandora.Mls.Codec;
using Pandora.Mls.Crypto;
using Pandora.Mls.Group;
using Pandora.Mls.Messages;

namespace Pandora.Discord.Dave;

/// <summary>
/// The voice gateway's side of DAVE's MLS (for the emulator and tests): the external sender's key and package
/// (op 25), signed external Add/Remove proposals (op 27 append), revokes (op 27 revoke), and splitting a member's
/// op 28 into its commit and Welcome. Proposals are PublicMessages from external sender 0, signed over
/// FramedContentTBS without a GroupContext (RFC 9420 §6.1). Thread safe (immutable).
/// </summary>
public sealed class DaveExternalSender
{
    private readonly byte[] _privateKey;

    /// <summary>A new external sender with a fresh P-256 key and the basic credential Discord uses (identity
    /// <c>00</c>).</summary>
    public DaveExternalSender()
    {
        (_privateKey, var publicKey) = MlsCrypto.GenerateKeyPair();
        Package = TlsWriter.Encode(new ExternalSender(publicKey, Credential.Basic([0])).Write);
    }

    /// <summary>The op 25 payload: <c>signature_key&lt;V&gt; ‖ Credential</c>.</summary>
    public byte[] Package { get; }

    /// <summary>
    /// An op 27 append payload (operation byte 0, then the proposal messages as one vector) for
    /// <paramref name="groupId"/> at <paramref name="epoch"/>, and each proposal's ProposalRef (for revokes and for
    /// checking that a commit covers exactly these).
    /// </summary>
    public (byte[] Payload, IReadOnlyList<byte[]> Refs) Propose(
        ReadOnlySpan<byte> groupId,
        ulong epoch,
        IEnumerable<Proposal> proposals)
    {
        ArgumentNullException.ThrowIfNull(proposals);
        var messages = new TlsWriter();
        var refs = new List<byte[]>();
        foreach (var proposal in proposals)
        {
            var content = new FramedContent
            {
                GroupId = groupId.ToArray(),
                Epoch = epoch,
                Sender = new Sender(SenderType.External, 0),
                ContentType = ContentType.Proposal,
                Proposal = proposal,
            };
            var signed = Framing.Sign(content, null, _privateKey);
            refs.Add(Framing.ProposalRef(signed));
            new MlsMessage { WireFormat = WireFormat.PublicMessage, PublicMessage = signed }.Write(messages);
        }

        var w = new TlsWriter();
        w.WriteU8(0);
        w.WriteOpaque(messages.ToArray());
        return (w.ToArray(), refs);
    }

    /// <summary>An op 27 revoke payload: operation byte 1, then the ProposalRefs as one vector.</summary>
    public static byte[] Revoke(IEnumerable<byte[]> refs)
    {
        ArgumentNullException.ThrowIfNull(refs);
        var inner = new TlsWriter();
        foreach (var reference in refs)
        {
            inner.WriteOpaque(reference);
        }

        var w = new TlsWriter();
        w.WriteU8(1);
        w.WriteOpaque(inner.ToArray());
        return w.ToArray();
    }

    /// <summary>Splits an op 28 payload into the commit MLSMessage and the Welcome (empty when the commit adds
    /// nobody). Throws <see cref="Pandora.Mls.MlsException"/> when the commit does not parse.</summary>
    public static (byte[] Commit, byte[] Welcome) SplitCommitWelcome(byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var reader = new TlsReader(payload);
        MlsMessage.Read(reader);
        return (payload[..reader.Position], payload[reader.Position..]);
    }

    /// <summary>
    /// Whether <paramref name="commit"/> is one the gateway may broadcast (DAVE "winning commit"): a PublicMessage
    /// commit of <paramref name="groupId"/> at <paramref name="epoch"/> from a member, referencing exactly
    /// <paramref name="refs"/> (every unrevoked proposal of the epoch) and nothing inline. Signatures and tags are left
    /// to the members.
    /// </summary>
    public static bool IsAcceptableCommit(
        byte[] commit,
        ReadOnlySpan<byte> groupId,
        ulong epoch,
        IReadOnlyCollection<byte[]> refs)
    {
        ArgumentNullException.ThrowIfNull(refs);
        try
        {
            var content = MlsMessage.Decode(commit).PublicMessage?.Content;
            if (content is not { ContentType: ContentType.Commit } || content.Sender.Type != SenderType.Member
                || content.Epoch != epoch || !content.GroupId.AsSpan().SequenceEqual(groupId))
            {
                return false;
            }

            var named = content.Commit!.Proposals;
            return named.Count == refs.Count
                && named.All(p => p.Reference is { } r && refs.Any(x => x.AsSpan().SequenceEqual(r)));
        }
        catch (Pandora.Mls.MlsException)
        {
            return false;
        }
    }
}
