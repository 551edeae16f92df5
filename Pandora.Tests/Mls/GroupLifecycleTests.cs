using Pandora.Mls;
using Pandora.Mls.Crypto;
using Pandora.Mls.Group;
using Pandora.Mls.Messages;

namespace Pandora.Tests.Mls;

public sealed class GroupLifecycleTests
{
    private static readonly byte[] s_groupId = [0, 0, 0, 0, 0, 0, 0x30, 0x39];

    [Fact]
    public void Group_dozensOfAddsAndRemoves_allMembersAgreeEveryEpoch()
    {
        var random = new Random(1234);
        var nextId = 1UL;
        var members = new Dictionary<ulong, MlsGroup> { [0] = MlsGroup.Create(s_groupId, NewMember(0)) };
        var epochs = 0;
        for (int round = 0; round < 40; round++)
        {
            var ids = members.Keys.ToList();
            var committerId = ids[random.Next(ids.Count)];
            var committer = members[committerId];
            var proposals = new List<Proposal>();
            var added = new Dictionary<ulong, KeyPackageBundle>();
            var removed = new List<ulong>();
            if (ids.Count > 3 && random.Next(3) == 0)
            {
                var victim = ids.Where(i => i != committerId).ElementAt(random.Next(ids.Count - 1));
                removed.Add(victim);
                proposals.Add(Proposal.CreateRemove(members[victim].LeafIndex));
            }

            for (int a = random.Next(1, 3); a > 0; a--)
            {
                var bundle = NewMember(nextId);
                added[nextId++] = bundle;
                proposals.Add(Proposal.CreateAdd(bundle.KeyPackage));
            }

            var output = committer.Commit(
                proposals,
                new CommitOptions(ForcePath: random.Next(2) == 0 || removed.Count > 0));
            var wire = output.Commit.Encode();
            foreach (var (id, group) in members)
            {
                var message = MlsMessage.Decode(wire);
                if (removed.Contains(id))
                {
                    Should.Throw<MlsException>(() => group.ProcessCommit(message)).Kind.ShouldBe(MlsErrorKind.Removed);
                    continue;
                }

                group.ProcessCommit(message);
            }

            foreach (var id in removed)
            {
                members.Remove(id);
            }

            var welcomeBytes = output.Welcome!.Encode();
            foreach (var (id, bundle) in added)
            {
                members[id] = MlsGroup.Join(Welcome(welcomeBytes), bundle);
            }

            AssertAgreement(members.Values);
            epochs++;
        }

        epochs.ShouldBe(40);
        members.Count.ShouldBeGreaterThan(20);
    }

    [Fact]
    public void Group_externalSenderProposals_committedByReference()
    {
        var (extPriv, extPub) = MlsCrypto.GenerateKeyPair();
        var external = ExternalSender.ToExtension([new ExternalSender(extPub, Credential.Basic([0]))]);
        var members = new Dictionary<ulong, MlsGroup> { [0] = MlsGroup.Create(s_groupId, NewMember(0), [external]) };
        var nextId = 1UL;
        for (int round = 0; round < 6; round++)
        {
            var bundles = new Dictionary<ulong, KeyPackageBundle>();
            var proposals = new List<byte[]>();
            for (int i = 0; i < 2; i++)
            {
                var b = NewMember(nextId);
                bundles[nextId++] = b;
                proposals.Add(ExternalProposal(members[0], Proposal.CreateAdd(b.KeyPackage), extPriv));
            }

            ulong? victim = round > 1 ? members.Keys.First(k => k != 0) : null;
            if (victim is { } v)
            {
                proposals.Add(ExternalProposal(members[0], Proposal.CreateRemove(members[v].LeafIndex), extPriv));
            }

            foreach (var group in members.Values)
            {
                foreach (var p in proposals)
                {
                    group.ReceiveProposal(MlsMessage.Decode(p));
                }
            }

            var committerId = members.Keys.Where(k => k != victim).Max();
            var output = members[committerId].Commit(null, new CommitOptions(ForcePath: false));
            output.Commit.PublicMessage!.Content.Commit!.Proposals.ShouldAllBe(p => p.Reference != null);
            var wire = output.Commit.Encode();
            foreach (var (id, group) in members)
            {
                if (id == victim)
                {
                    Should.Throw<MlsException>(() => group.ProcessCommit(MlsMessage.Decode(wire)))
                        .Kind.ShouldBe(MlsErrorKind.Removed);
                    continue;
                }

                // The committer receives its own commit back, as from the DAVE gateway.
                group.ProcessCommit(MlsMessage.Decode(wire));
            }

            if (victim is { } gone)
            {
                members.Remove(gone);
            }

            foreach (var (id, b) in bundles)
            {
                members[id] = MlsGroup.Join(Welcome(output.Welcome!.Encode()), b);
            }

            AssertAgreement(members.Values);
        }
    }

    [Fact]
    public void ExternalProposal_wrongSignature_rejectedWithBadSignature()
    {
        var (extPriv, extPub) = MlsCrypto.GenerateKeyPair();
        var external = ExternalSender.ToExtension([new ExternalSender(extPub, Credential.Basic([0]))]);
        var group = MlsGroup.Create(s_groupId, NewMember(0), [external]);
        var bytes = ExternalProposal(
            group,
            Proposal.CreateAdd(NewMember(1).KeyPackage),
            MlsCrypto.GenerateKeyPair().PrivateKey);
        Should.Throw<MlsException>(() => group.ReceiveProposal(MlsMessage.Decode(bytes)))
            .Kind.ShouldBe(MlsErrorKind.BadSignature);
        group.PendingProposalCount.ShouldBe(0);
        _ = extPriv;
    }

    [Fact]
    public void ExternalProposal_removeOfBlankLeaf_rejectedWithBadProposal()
    {
        var (extPriv, extPub) = MlsCrypto.GenerateKeyPair();
        var external = ExternalSender.ToExtension([new ExternalSender(extPub, Credential.Basic([0]))]);
        var group = MlsGroup.Create(s_groupId, NewMember(0), [external]);
        var bytes = ExternalProposal(group, Proposal.CreateRemove(5), extPriv);
        Should.Throw<MlsException>(() => group.ReceiveProposal(MlsMessage.Decode(bytes)))
            .Kind.ShouldBe(MlsErrorKind.BadProposal);
    }

    internal static KeyPackageBundle NewMember(ulong id)
    {
        var identity = new byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(identity, id);
        return KeyPackageBundle.Create(identity);
    }

    internal static byte[] ExternalProposal(MlsGroup group, Proposal proposal, byte[] signaturePrivateKey)
    {
        var content = new FramedContent
        {
            GroupId = group.GroupId,
            Epoch = group.Epoch,
            Sender = new Sender(SenderType.External, 0),
            ContentType = ContentType.Proposal,
            Proposal = proposal,
        };
        var pub = Framing.Sign(content, null, signaturePrivateKey);
        return new MlsMessage { WireFormat = WireFormat.PublicMessage, PublicMessage = pub }.Encode();
    }

    private static Welcome Welcome(byte[] bytes) =>
        Pandora.Mls.Codec.TlsReader.DecodeAll(bytes, Pandora.Mls.Messages.Welcome.Read);

    private static void AssertAgreement(IEnumerable<MlsGroup> groups)
    {
        var list = groups.ToList();
        var first = list[0];
        foreach (var g in list)
        {
            g.Epoch.ShouldBe(first.Epoch);
            g.EpochAuthenticator.ShouldBe(first.EpochAuthenticator);
            g.Export("test", [1, 2, 3], 32).ShouldBe(first.Export("test", [1, 2, 3], 32));
            g.Tree.RootHash().ShouldBe(first.Tree.RootHash());
        }
    }
}
