using Pandora.Mls;
using Pandora.Mls.Codec;
using Pandora.Mls.Crypto;
using Pandora.Mls.Messages;
using Pandora.Mls.Tree;

namespace Pandora.Tests.Mls;

public sealed class TreeKemVectorTests
{
    [Fact]
    public void TreeKem_suite2_decapEncapAndTreeHashes()
    {
        var ran = 0;
        foreach (var e in MlsVectors.Suite2("treekem.json"))
        {
            RunEntry(e);
            ran++;
        }

        MlsVectors.Report("treekem.json", ran, 11);
    }

    [Fact]
    public void TreeKem_flippedCiphertext_rejectedWithDecryptionFailed()
    {
        var e = MlsVectors.Suite2("treekem.json")[0];
        var up = e.GetProperty("update_paths")[0];
        var bytes = up.Hex("update_path");
        var path = TlsReader.DecodeAll(bytes, UpdatePath.Read);
        foreach (var node in path.Nodes)
        {
            foreach (var ct in node.EncryptedPathSecret)
            {
                ct.Ciphertext[3] ^= 1;
            }
        }

        var tree = RatchetTree.Decode(e.Hex("ratchet_tree"));
        var sender = up.GetProperty("sender").GetUInt32();
        TreeKem.Merge(tree, sender, path, e.Hex("group_id"));
        var context = Context(e, tree.RootHash());
        var leaf = e.GetProperty("leaves_private").EnumerateArray()
            .First(l => l.GetProperty("index").GetUInt32() != sender);
        Should.Throw<MlsException>(() => TreeKem.Decap(
                tree,
                sender,
                path,
                leaf.GetProperty("index").GetUInt32(),
                PrivateKeys(leaf),
                new HashSet<uint>(),
                context))
            .Kind.ShouldBe(MlsErrorKind.DecryptionFailed);
    }

    private static void RunEntry(System.Text.Json.JsonElement e)
    {
        var groupId = e.Hex("group_id");
        var original = RatchetTree.Decode(e.Hex("ratchet_tree"));
        var leaves = e.GetProperty("leaves_private").EnumerateArray().ToList();
        foreach (var leaf in leaves)
        {
            foreach (var (node, priv) in PrivateKeys(leaf))
            {
                original.EncryptionKeyAt(node).ShouldBe(MlsCrypto.PublicKeyOf(priv));
            }
        }

        foreach (var up in e.GetProperty("update_paths").EnumerateArray())
        {
            var sender = up.GetProperty("sender").GetUInt32();
            var path = TlsReader.DecodeAll(up.Hex("update_path"), UpdatePath.Read);
            var tree = original.Clone();
            TreeKem.Merge(tree, sender, path, groupId);
            tree.RootHash().ShouldBe(up.Hex("tree_hash_after"));
            var context = Context(e, tree.RootHash());
            var expectedSecrets = up.GetProperty("path_secrets");
            foreach (var leaf in leaves)
            {
                var index = leaf.GetProperty("index").GetUInt32();
                if (index == sender)
                {
                    continue;
                }

                var result = TreeKem.Decap(tree, sender, path, index, PrivateKeys(leaf), new HashSet<uint>(), context);
                result.CommitSecret.ShouldBe(up.Hex("commit_secret"));
                result.PathSecrets.Values.First()
                    .ShouldBe(Convert.FromHexString(expectedSecrets[(int)index].GetString()!));
            }

            // Our own UpdatePath from the same sender must be decryptable by every other member.
            var senderPriv = leaves.First(l => l.GetProperty("index").GetUInt32() == sender).Hex("signature_priv");
            var ownTree = original.Clone();
            var encap = TreeKem.Encap(
                ownTree,
                sender,
                original.GetLeaf(sender)!,
                senderPriv,
                groupId,
                new HashSet<uint>(),
                hash => Context(e, hash));
            var check = original.Clone();
            TreeKem.Merge(check, sender, encap.Path, groupId);
            check.RootHash().ShouldBe(ownTree.RootHash());
            check.VerifyParentHashes();
            foreach (var leaf in leaves)
            {
                var index = leaf.GetProperty("index").GetUInt32();
                if (index == sender)
                {
                    continue;
                }

                TreeKem.Decap(
                    check,
                    sender,
                    encap.Path,
                    index,
                    PrivateKeys(leaf),
                    new HashSet<uint>(),
                    Context(e, check.RootHash()))
                    .CommitSecret.ShouldBe(encap.Result.CommitSecret);
            }
        }
    }

    private static byte[] Context(System.Text.Json.JsonElement e, byte[] treeHash) => new GroupContext
    {
        GroupId = e.Hex("group_id"),
        Epoch = e.GetProperty("epoch").GetUInt64(),
        TreeHash = treeHash,
        ConfirmedTranscriptHash = e.Hex("confirmed_transcript_hash"),
    }.Encode();

    private static Dictionary<uint, byte[]> PrivateKeys(System.Text.Json.JsonElement leaf)
    {
        var keys = new Dictionary<uint, byte[]>
        {
            [leaf.GetProperty("index").GetUInt32() * 2] = leaf.Hex("encryption_priv"),
        };
        foreach (var ps in leaf.GetProperty("path_secrets").EnumerateArray())
        {
            keys[ps.GetProperty("node").GetUInt32()] = Hpke.DeriveKeyPair(MlsCrypto.DeriveSecret(
                ps.Hex("path_secret"),
                "node")).PrivateKey;
        }

        return keys;
    }
}
