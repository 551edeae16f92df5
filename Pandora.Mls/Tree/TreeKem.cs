using Pandora.Mls.Crypto;
using Pandora.Mls.Messages;

namespace Pandora.Mls.Tree;

/// <summary>
/// TreeKEM (RFC 9420 §7.4-7.6): creating and processing UpdatePaths. Stateless; callers pass the tree and keys.
/// </summary>
public static class TreeKem
{
    /// <summary>
    /// Merges a received UpdatePath into <paramref name="tree"/> (after the commit's proposals were applied):
    /// validates the new leaf, installs the path keys, and checks the leaf's parent hash (RFC 9420 §7.5, §7.9).
    /// </summary>
    public static void Merge(RatchetTree tree, uint sender, UpdatePath path, ReadOnlySpan<byte> groupId)
    {
        var leaf = path.LeafNode;
        MlsException.ThrowIf(
            leaf.Source != LeafNodeSource.Commit,
            MlsErrorKind.BadLeafNode,
            "path leaf source is not commit");
        MlsException.ThrowIf(
            !leaf.VerifySignature(groupId, sender),
            MlsErrorKind.BadSignature,
            "update path leaf signature does not verify");
        var old = tree.GetLeaf(sender) ?? throw new MlsException(MlsErrorKind.BadSender, "committer leaf is blank");
        MlsException.ThrowIf(
            old.EncryptionKey.AsSpan().SequenceEqual(leaf.EncryptionKey),
            MlsErrorKind.BadLeafNode,
            "update path reuses the leaf encryption key");
        var parentHash = tree.ApplyPathKeys(sender, path.Nodes.Select(n => n.EncryptionKey).ToList());
        MlsException.ThrowIf(
            !parentHash.AsSpan().SequenceEqual(leaf.ParentHash),
            MlsErrorKind.BadParentHash,
            "update path leaf parent_hash does not match the path");
        tree.SetLeaf(sender, leaf);
    }

    /// <summary>
    /// Decrypts the path secret meant for <paramref name="self"/> from an UpdatePath already merged into
    /// <paramref name="tree"/>, derives the secrets above it and checks every derived public key.
    /// </summary>
    /// <param name="tree">The tree after merging the path.</param>
    /// <param name="sender">The committer's leaf index.</param>
    /// <param name="path">The received path.</param>
    /// <param name="self">Our leaf index.</param>
    /// <param name="privateKeys">Node index to private key for the nodes we hold keys for (before the commit).</param>
    /// <param name="excludedLeaves">Leaves added by this commit, not encrypted to.</param>
    /// <param name="groupContext">The serialized provisional GroupContext.</param>
    public static TreeKemResult Decap(
        RatchetTree tree,
        uint sender,
        UpdatePath path,
        uint self,
        IReadOnlyDictionary<uint, byte[]> privateKeys,
        IReadOnlySet<uint> excludedLeaves,
        ReadOnlySpan<byte> groupContext)
    {
        MlsException.ThrowIf(self == sender, MlsErrorKind.BadCommit, "cannot decrypt our own path");
        var filtered = tree.FilteredDirectPath(sender);
        var selfNode = self * 2;
        var index = filtered.FindIndex(p => TreeMath.IsInSubtree(p, selfNode));
        MlsException.ThrowIf(index < 0, MlsErrorKind.BadCommit, "no path node covers our leaf");
        var copathChild = CopathChild(filtered[index], sender * 2);
        var resolution = tree.Resolution(copathChild).Where(n => !IsExcluded(n, excludedLeaves)).ToList();
        var position = resolution.FindIndex(privateKeys.ContainsKey);
        MlsException.ThrowIf(position < 0, MlsErrorKind.DecryptionFailed, "no private key for the path's resolution");
        var ciphertexts = path.Nodes[index].EncryptedPathSecret;
        MlsException.ThrowIf(
            ciphertexts.Count != resolution.Count,
            MlsErrorKind.BadCommit,
            $"path node has {ciphertexts.Count} ciphertexts for a resolution of {resolution.Count}");
        var ct = ciphertexts[position];
        var pathSecret = MlsCrypto.DecryptWithLabel(
            privateKeys[resolution[position]],
            "UpdatePathNode",
            groupContext,
            ct.KemOutput,
            ct.Ciphertext);
        return DeriveUp(tree, filtered, index, pathSecret);
    }

    /// <summary>
    /// From a path secret at <paramref name="filtered"/>[<paramref name="start"/>], derives secrets and keys up the
    /// path, checking each public key against the tree, and the commit secret above the root.
    /// </summary>
    public static TreeKemResult DeriveUp(RatchetTree tree, IReadOnlyList<uint> filtered, int start, byte[] pathSecret)
    {
        var secrets = new Dictionary<uint, byte[]>();
        var keys = new Dictionary<uint, byte[]>();
        for (int i = start; i < filtered.Count; i++)
        {
            var node = filtered[i];
            var (priv, pub) = Hpke.DeriveKeyPair(MlsCrypto.DeriveSecret(pathSecret, "node"));
            var expected = tree.EncryptionKeyAt(node);
            MlsException.ThrowIf(
                expected is null || !expected.AsSpan().SequenceEqual(pub),
                MlsErrorKind.PathKeyMismatch,
                $"derived key for node {node} differs from the tree");
            secrets[node] = pathSecret;
            keys[node] = priv;
            pathSecret = MlsCrypto.DeriveSecret(pathSecret, "path");
        }

        return new TreeKemResult(pathSecret, secrets, keys);
    }

    /// <summary>
    /// Creates an UpdatePath for <paramref name="sender"/> in <paramref name="tree"/> (proposals already applied),
    /// merges it into the tree and encrypts the path secrets. The new leaf is a copy of <paramref name="leafTemplate"/>
    /// with a fresh encryption key, source commit, the computed parent hash and a new signature.
    /// </summary>
    /// <param name="groupContextForTreeHash">Builds the serialized provisional GroupContext from the new tree
    /// hash.</param>
    public static TreeKemEncapResult Encap(
        RatchetTree tree,
        uint sender,
        LeafNode leafTemplate,
        ReadOnlySpan<byte> signaturePrivateKey,
        ReadOnlySpan<byte> groupId,
        IReadOnlySet<uint> excludedLeaves,
        Func<byte[], byte[]> groupContextForTreeHash)
    {
        var filtered = tree.FilteredDirectPath(sender);
        var pathSecret = System.Security.Cryptography.RandomNumberGenerator.GetBytes(MlsCrypto.HashLength);
        var secrets = new Dictionary<uint, byte[]>();
        var keys = new Dictionary<uint, byte[]>();
        var publics = new List<byte[]>();
        foreach (var node in filtered)
        {
            var (priv, pub) = Hpke.DeriveKeyPair(MlsCrypto.DeriveSecret(pathSecret, "node"));
            secrets[node] = pathSecret;
            keys[node] = priv;
            publics.Add(pub);
            pathSecret = MlsCrypto.DeriveSecret(pathSecret, "path");
        }

        var (leafPriv, leafPub) = MlsCrypto.GenerateKeyPair();
        var leaf = leafTemplate.Clone();
        leaf.EncryptionKey = leafPub;
        leaf.Source = LeafNodeSource.Commit;
        leaf.ParentHash = tree.ApplyPathKeys(sender, publics);
        leaf.Sign(signaturePrivateKey, groupId, sender);
        tree.SetLeaf(sender, leaf);
        var context = groupContextForTreeHash(tree.RootHash());
        var nodes = new List<UpdatePathNode>();
        for (int i = 0; i < filtered.Count; i++)
        {
            var targets = tree.Resolution(CopathChild(filtered[i], sender * 2))
                .Where(n => !IsExcluded(n, excludedLeaves));
            nodes.Add(new UpdatePathNode(publics[i], EncryptTo(tree, targets, context, secrets[filtered[i]])));
        }

        return new TreeKemEncapResult(
            new UpdatePath(leaf, nodes),
            leafPriv,
            new TreeKemResult(pathSecret, secrets, keys));
    }

    private static List<HpkeCiphertext> EncryptTo(
        RatchetTree tree,
        IEnumerable<uint> targets,
        byte[] context,
        byte[] pathSecret)
    {
        var ciphertexts = new List<HpkeCiphertext>();
        foreach (var target in targets)
        {
            var (kem, ct) = MlsCrypto.EncryptWithLabel(
                tree.EncryptionKeyAt(target)!,
                "UpdatePathNode",
                context,
                pathSecret);
            ciphertexts.Add(new HpkeCiphertext(kem, ct));
        }

        return ciphertexts;
    }

    /// <summary>The child of <paramref name="parent"/> that does not contain <paramref name="node"/>.</summary>
    public static uint CopathChild(uint parent, uint node)
    {
        var left = TreeMath.Left(parent);
        return TreeMath.IsInSubtree(left, node) ? TreeMath.Right(parent) : left;
    }

    private static bool IsExcluded(uint node, IReadOnlySet<uint> excludedLeaves) =>
        (node & 1) == 0 && excludedLeaves.Contains(node >> 1);
}
