using Pandora.Mls;
using Pandora.Mls.Group;
using Pandora.Mls.Messages;
using Pandora.Mls.Tree;

namespace Pandora.Tests.Mls;

/// <summary>Hostile copies of vectors and of our own messages: each must fail with the matching kind, never
/// crash.</summary>
public sealed class MutationTests
{
    [Fact]
    public void Welcome_everyFlippedByte_failsWithMlsExceptionOrStillJoins()
    {
        var e = MlsVectors.Suite2("passive-client-welcome.json")[0];
        var welcome = e.Hex("welcome");
        var failures = 0;
        for (int i = 4; i < welcome.Length; i += 3)
        {
            var copy = (byte[])welcome.Clone();
            copy[i] ^= 0x41;
            try
            {
                var mutated = JsonCopy(e, "welcome", copy);
                GroupVectorTests.JoinPassive(mutated);
            }
            catch (MlsException)
            {
                failures++;
            }
        }

        failures.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Commit_everyFlippedByte_failsWithMlsException()
    {
        var e = MlsVectors.Suite2("passive-client-handling-commit.json")[0];
        var commit = e.GetProperty("epochs")[0].Hex("commit");
        for (int i = 4; i < commit.Length; i += 7)
        {
            var group = GroupVectorTests.JoinPassive(e);
            var copy = (byte[])commit.Clone();
            copy[i] ^= 0x10;
            Should.Throw<MlsException>(() => group.ProcessCommit(MlsMessage.Decode(copy)), $"byte {i}");
            group.Epoch.ShouldBe(GroupVectorTests.JoinPassive(e).Epoch, "state must not change on failure");
        }
    }

    [Fact]
    public void Commit_wrongEpoch_rejectedWithWrongEpoch()
    {
        var e = MlsVectors.Suite2("passive-client-handling-commit.json")[0];
        var group = GroupVectorTests.JoinPassive(e);
        var message = MlsMessage.Decode(e.GetProperty("epochs")[0].Hex("commit"));
        var c = message.PublicMessage!.Content;
        var moved = new FramedContent
        {
            GroupId = c.GroupId,
            Epoch = c.Epoch + 1,
            Sender = c.Sender,
            AuthenticatedData = c.AuthenticatedData,
            ContentType = c.ContentType,
            Commit = c.Commit,
        };
        var pub = new PublicMessage
        {
            Content = moved,
            Signature = message.PublicMessage.Signature,
            ConfirmationTag = message.PublicMessage.ConfirmationTag,
            MembershipTag = message.PublicMessage.MembershipTag,
        };
        Should.Throw<MlsException>(() => group.ProcessCommit(new MlsMessage
        {
            WireFormat = WireFormat.PublicMessage,
            PublicMessage = pub,
        }))
            .Kind.ShouldBe(MlsErrorKind.WrongEpoch);
    }

    [Fact]
    public void Commit_flippedSignatureWithValidMembershipTag_rejectedWithBadSignature()
    {
        var e = MlsVectors.Suite2("passive-client-handling-commit.json")[0];
        var group = GroupVectorTests.JoinPassive(e);
        var pub = MlsMessage.Decode(e.GetProperty("epochs")[0].Hex("commit")).PublicMessage!;
        pub.Signature[8] ^= 1;
        pub.MembershipTag = Framing.MembershipTag(pub, group.Context, group.Secrets.MembershipKey);
        Should.Throw<MlsException>(() => group.ProcessCommit(Wrap(pub))).Kind.ShouldBe(MlsErrorKind.BadSignature);
    }

    [Fact]
    public void Commit_flippedConfirmationTagWithValidMembershipTag_rejectedWithBadConfirmationTag()
    {
        var e = MlsVectors.Suite2("passive-client-handling-commit.json")[0];
        var group = GroupVectorTests.JoinPassive(e);
        var pub = MlsMessage.Decode(e.GetProperty("epochs")[0].Hex("commit")).PublicMessage!;
        pub.ConfirmationTag![0] ^= 1;
        pub.MembershipTag = Framing.MembershipTag(pub, group.Context, group.Secrets.MembershipKey);
        Should.Throw<MlsException>(() => group.ProcessCommit(Wrap(pub))).Kind.ShouldBe(MlsErrorKind.BadConfirmationTag);
    }

    [Fact]
    public void Commit_nonMinimalLength_rejectedWithNonMinimalLength()
    {
        var e = MlsVectors.Suite2("passive-client-handling-commit.json")[0];
        var commit = e.GetProperty("epochs")[0].Hex("commit");

        // Offset 4 is the group_id length (one byte below 64); re-encode it in two bytes.
        commit[4].ShouldBeLessThan((byte)0x40);
        byte[] mutated = [.. commit[..4], 0x40, .. commit[4..]];
        Should.Throw<MlsException>(() => MlsMessage.Decode(mutated)).Kind.ShouldBe(MlsErrorKind.NonMinimalLength);
    }

    [Fact]
    public void Join_externalTreeWithFlippedKey_rejectedWithBadTreeHash()
    {
        var e = MlsVectors.Suite2("passive-client-welcome.json").First(x => x.HexOrNull("ratchet_tree") is not null);
        var tree = RatchetTree.Decode(e.Hex("ratchet_tree"));
        var leaf = tree.GetLeaf(0)!;
        leaf.EncryptionKey = (byte[])leaf.EncryptionKey.Clone();
        leaf.EncryptionKey[20] ^= 1;
        var mutated = JsonCopy(e, "ratchet_tree", tree.Encode());
        Should.Throw<MlsException>(() => GroupVectorTests.JoinPassive(mutated)).Kind.ShouldBe(MlsErrorKind.BadTreeHash);
    }

    [Fact]
    public void Commit_pathKeyTamperedAndResigned_rejectedWithBadParentHash()
    {
        var a = GroupLifecycleTests.NewMember(1);
        var b = GroupLifecycleTests.NewMember(2);
        var c = GroupLifecycleTests.NewMember(3);
        var groupA = MlsGroup.Create([1, 2, 3, 4, 5, 6, 7, 8], a);
        var first = groupA.Commit([Proposal.CreateAdd(b.KeyPackage), Proposal.CreateAdd(c.KeyPackage)]);
        groupA.MergePendingCommit();
        var groupB = MlsGroup.Join(first.Welcome!, b);

        var output = groupA.Commit([], new CommitOptions(ForcePath: true));
        var pub = MlsMessage.Decode(output.Commit.Encode()).PublicMessage!;
        var node = pub.Content.Commit!.Path!.Nodes[^1];
        node.EncryptionKey[30] ^= 1;
        var resigned = Framing.Sign(pub.Content, groupB.Context, a.SignaturePrivateKey);
        resigned.ConfirmationTag = pub.ConfirmationTag;
        resigned.MembershipTag = Framing.MembershipTag(resigned, groupB.Context, groupB.Secrets.MembershipKey);
        Should.Throw<MlsException>(() => groupB.ProcessCommit(Wrap(resigned)))
            .Kind.ShouldBe(MlsErrorKind.BadParentHash);
    }

    [Fact]
    public void Commit_unknownProposalRef_rejectedWithUnknownProposalRef()
    {
        var a = GroupLifecycleTests.NewMember(1);
        var b = GroupLifecycleTests.NewMember(2);
        var groupA = MlsGroup.Create([9, 9], a);
        var first = groupA.Commit([Proposal.CreateAdd(b.KeyPackage)]);
        groupA.MergePendingCommit();
        var groupB = MlsGroup.Join(first.Welcome!, b);
        var content = new FramedContent
        {
            GroupId = groupA.GroupId,
            Epoch = groupA.Epoch,
            Sender = Sender.Member(groupA.LeafIndex),
            ContentType = ContentType.Commit,
            Commit = new Commit { Proposals = [new ProposalOrRef { Reference = new byte[32] }] },
        };
        var pub = Framing.Sign(content, groupA.Context, a.SignaturePrivateKey);
        pub.ConfirmationTag = new byte[32];
        pub.MembershipTag = Framing.MembershipTag(pub, groupA.Context, groupA.Secrets.MembershipKey);
        Should.Throw<MlsException>(() => groupB.ProcessCommit(Wrap(pub)))
            .Kind.ShouldBe(MlsErrorKind.UnknownProposalRef);
    }

    [Fact]
    public void Commit_addReusingAMembersKeyPackage_rejectedWithBadLeafNode()
    {
        var a = GroupLifecycleTests.NewMember(1);
        var b = GroupLifecycleTests.NewMember(2);
        var groupA = MlsGroup.Create([7, 7], a);
        var first = groupA.Commit([Proposal.CreateAdd(b.KeyPackage)]);
        groupA.MergePendingCommit();
        Should.Throw<MlsException>(() => groupA.Commit([Proposal.CreateAdd(b.KeyPackage)]))
            .Kind.ShouldBe(MlsErrorKind.BadLeafNode);
        first.Welcome.ShouldNotBeNull();
    }

    [Fact]
    public void Decode_randomlyCorruptedMessages_onlyMlsException()
    {
        var random = new Random(99);
        var attempts = 0;
        foreach (var e in MlsVectors.All("messages.json").Take(40))
        {
            foreach (var field in new[] { "mls_welcome", "mls_group_info", "mls_key_package", "public_message_commit" })
            {
                var bytes = e.Hex(field);
                for (int n = 0; n < 10; n++)
                {
                    var copy = (byte[])bytes.Clone();
                    copy[random.Next(copy.Length)] = (byte)random.Next(256);
                    var cut = copy.AsMemory(0, random.Next(2) == 0 ? copy.Length : random.Next(copy.Length));
                    attempts++;
                    try
                    {
                        MlsMessage.Decode(cut);
                    }
                    catch (MlsException)
                    {
                    }
                }
            }

            var tree = e.Hex("ratchet_tree");
            tree[random.Next(tree.Length)] ^= (byte)random.Next(1, 256);
            try
            {
                RatchetTree.Decode(tree).Validate([1]);
            }
            catch (MlsException)
            {
            }
        }

        attempts.ShouldBe(40 * 4 * 10);
    }

    private static MlsMessage Wrap(PublicMessage pub) => new()
    {
        WireFormat = WireFormat.PublicMessage,
        PublicMessage = pub,
    };

    private static System.Text.Json.JsonElement JsonCopy(System.Text.Json.JsonElement e, string field, byte[] value)
    {
        var dict = e.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value);
        dict[field] = Convert.ToHexString(value).ToLowerInvariant();
        return System.Text.Json.JsonSerializer.SerializeToElement(dict);
    }
}
