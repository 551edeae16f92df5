using Pandora.Mls;
using Pandora.Mls.Codec;
using Pandora.Mls.Messages;
using Pandora.Mls.Tree;

namespace Pandora.Tests.Mls;

public sealed class TreeVectorTests
{
    [Fact]
    public void TreeValidation_suite2_resolutionsHashesAndValidity()
    {
        var ran = 0;
        foreach (var e in MlsVectors.Suite2("tree-validation.json"))
        {
            var tree = RatchetTree.Decode(e.Hex("tree"));
            var resolutions = e.GetProperty("resolutions");
            var hashes = e.GetProperty("tree_hashes");
            for (uint i = 0; i < resolutions.GetArrayLength(); i++)
            {
                var expected = resolutions[(int)i].EnumerateArray().Select(x => x.GetUInt32()).ToList();
                (i < tree.NodeCount ? tree.Resolution(i) : []).ShouldBe(expected, $"resolution({i})");
                tree.TreeHash(i, null).ShouldBe(Convert.FromHexString(hashes[(int)i].GetString()!), $"tree hash {i}");
            }

            tree.Validate(e.Hex("group_id"));
            ran++;
        }

        MlsVectors.Report("tree-validation.json", ran, 14);
    }

    [Fact]
    public void TreeValidation_flippedParentHash_rejectedWithBadParentHash()
    {
        var e = MlsVectors.Suite2("tree-validation.json")[0];
        var tree = RatchetTree.Decode(e.Hex("tree"));
        var parent = tree.GetParent(tree.Root)!;
        parent.EncryptionKey = (byte[])parent.EncryptionKey.Clone();
        parent.EncryptionKey[10] ^= 1;
        Should.Throw<MlsException>(() => tree.VerifyParentHashes()).Kind.ShouldBe(MlsErrorKind.BadParentHash);
    }

    [Fact]
    public void TreeValidation_flippedLeafSignature_rejectedWithBadSignature()
    {
        var e = MlsVectors.Suite2("tree-validation.json")[0];
        var tree = RatchetTree.Decode(e.Hex("tree"));
        var leaf = tree.GetLeaf(0)!;
        leaf.Signature = (byte[])leaf.Signature.Clone();
        leaf.Signature[^2] ^= 1;
        Should.Throw<MlsException>(() => tree.Validate(e.Hex("group_id"))).Kind.ShouldBe(MlsErrorKind.BadSignature);
    }

    [Fact]
    public void TreeOperations_allEntries_treeAfterAndHashesMatch()
    {
        var entries = MlsVectors.All("tree-operations.json");
        var ran = 0;
        foreach (var e in entries)
        {
            var tree = RatchetTree.Decode(e.Hex("tree_before"));
            tree.RootHash().ShouldBe(e.Hex("tree_hash_before"));
            var proposal = TlsReader.DecodeAll(e.Hex("proposal"), Proposal.Read);
            var sender = e.GetProperty("proposal_sender").GetUInt32();
            switch (proposal.Type)
            {
                case ProposalType.Add:
                    tree.AddLeaf(proposal.Add!.LeafNode);
                    break;

                case ProposalType.Remove:
                    tree.RemoveLeaf(proposal.Removed);
                    tree.Truncate();
                    break;

                case ProposalType.Update:
                    tree.UpdateLeaf(sender, proposal.Update!);
                    break;
            }

            tree.Encode().ShouldBe(e.Hex("tree_after"));
            tree.RootHash().ShouldBe(e.Hex("tree_hash_after"));
            ran++;
        }

        MlsVectors.Report("tree-operations.json", ran, entries.Count);
    }
}
