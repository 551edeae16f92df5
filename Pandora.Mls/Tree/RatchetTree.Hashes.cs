using Pandora.Mls.Codec;
using Pandora.Mls.Crypto;
using Pandora.Mls.Messages;

namespace Pandora.Mls.Tree;

public sealed partial class RatchetTree
{
    /// <summary>Tree hash of the whole tree (RFC 9420 §7.8).</summary>
    public byte[] RootHash() => TreeHash(Root, null);

    /// <summary>
    /// Tree hash of the subtree at <paramref name="x"/>; leaves in <paramref name="excluded"/> are treated as blank
    /// and dropped from unmerged_leaves (the "original sibling tree hash" of RFC 9420 §7.9.2).
    /// </summary>
    public byte[] TreeHash(uint x, IReadOnlySet<uint>? excluded)
    {
        var w = new TlsWriter();
        if ((x & 1) == 0)
        {
            var leafIndex = x >> 1;
            w.WriteU8(1);
            w.WriteU32(leafIndex);
            var leaf = excluded is not null && excluded.Contains(leafIndex) ? null : _leaves[leafIndex];
            w.WriteOptional(leaf, (o, l) => l.Write(o));
            return MlsCrypto.Hash(w.ToArray());
        }

        w.WriteU8(2);
        var parent = _parents[x >> 1];
        if (parent is not null && excluded is not null && excluded.Count > 0)
        {
            parent = new ParentNode
            {
                EncryptionKey = parent.EncryptionKey,
                ParentHash = parent.ParentHash,
                UnmergedLeaves = parent.UnmergedLeaves.Where(l => !excluded.Contains(l)).ToList(),
            };
        }

        w.WriteOptional(parent, (o, p) => p.Write(o));
        w.WriteOpaque(TreeHash(TreeMath.Left(x), excluded));
        w.WriteOpaque(TreeHash(TreeMath.Right(x), excluded));
        return MlsCrypto.Hash(w.ToArray());
    }

    /// <summary>ParentHash of parent <paramref name="p"/> toward the child whose sibling is <paramref
    /// name="copathChild"/>.</summary>
    public byte[] ParentHash(uint p, uint copathChild)
    {
        var parent = _parents[p >> 1] ?? throw new MlsException(
            MlsErrorKind.MalformedTree,
            "parent hash of a blank node");
        var siblingHash = TreeHash(copathChild, parent.UnmergedLeaves.ToHashSet());
        var w = new TlsWriter();
        w.WriteOpaque(parent.EncryptionKey);
        w.WriteOpaque(parent.ParentHash);
        w.WriteOpaque(siblingHash);
        return MlsCrypto.Hash(w.ToArray());
    }

    /// <summary>
    /// Full validation of a tree received from a peer (RFC 9420 §12.4.3.1): structure, leaf signatures with the
    /// group id, unique keys, unmerged-leaf consistency and parent-hash validity of every non-blank parent.
    /// </summary>
    public void Validate(ReadOnlySpan<byte> groupId)
    {
        MlsException.ThrowIf(!OccupiedLeaves().Any(), MlsErrorKind.MalformedTree, "tree has no members");
        VerifyLeaves(groupId);
        VerifyUnmergedLeaves();
        VerifyParentHashes();
    }

    /// <summary>Checks every leaf signature and that no encryption or signature key appears twice.</summary>
    public void VerifyLeaves(ReadOnlySpan<byte> groupId)
    {
        foreach (var i in OccupiedLeaves())
        {
            MlsException.ThrowIf(
                !_leaves[i]!.VerifySignature(groupId, i),
                MlsErrorKind.BadSignature,
                $"leaf {i} signature does not verify");
        }

        VerifyUniqueKeys();
    }

    /// <summary>
    /// No HPKE key appears at two nodes and no signature key at two leaves (RFC 9420 §7.3, §12.4.2); checked after
    /// every change made from a peer's input.
    /// </summary>
    public void VerifyUniqueKeys()
    {
        var encryptionKeys = new HashSet<string>();
        var signatureKeys = new HashSet<string>();
        for (uint x = 0; x < NodeCount; x++)
        {
            var key = EncryptionKeyAt(x);
            MlsException.ThrowIf(
                key is not null && !encryptionKeys.Add(Convert.ToHexString(key)),
                MlsErrorKind.BadLeafNode,
                $"node {x} reuses an encryption key");
            MlsException.ThrowIf(
                (x & 1) == 0
                    && _leaves[x >> 1] is { } leaf
                    && !signatureKeys.Add(Convert.ToHexString(leaf.SignatureKey)),
                MlsErrorKind.BadLeafNode,
                $"leaf {x >> 1} reuses a signature key");
        }
    }

    /// <summary>
    /// Every unmerged leaf of a parent must be a non-blank descendant, and every non-blank parent between it
    /// and that parent must list it too (RFC 9420 §7.8, §12.4.3.1).
    /// </summary>
    public void VerifyUnmergedLeaves()
    {
        for (uint p = 1; p < NodeCount; p += 2)
        {
            if (_parents[p >> 1] is not { } parent)
            {
                continue;
            }

            foreach (var leaf in parent.UnmergedLeaves)
            {
                MlsException.ThrowIf(
                    leaf >= LeafCount || !TreeMath.IsInSubtree(p, leaf * 2) || _leaves[leaf] is null,
                    MlsErrorKind.BadUnmergedLeaves,
                    $"unmerged leaf {leaf} of node {p} is not a member below it");
                var x = TreeMath.Parent(leaf * 2, LeafCount);
                while (x != p)
                {
                    MlsException.ThrowIf(
                        _parents[x >> 1] is { } between && !between.UnmergedLeaves.Contains(leaf),
                        MlsErrorKind.BadUnmergedLeaves,
                        $"node {x} lacks unmerged leaf {leaf} listed above it");
                    x = TreeMath.Parent(x, LeafCount);
                }
            }
        }
    }

    /// <summary>Every non-blank parent must be parent-hash valid with respect to one of its children (RFC 9420
    /// §7.9.2).</summary>
    public void VerifyParentHashes()
    {
        for (uint p = 1; p < NodeCount; p += 2)
        {
            if (_parents[p >> 1] is not { } parent)
            {
                continue;
            }

            var left = TreeMath.Left(p);
            var right = TreeMath.Right(p);
            var valid = IsLinked(parent, left, ParentHash(p, right)) || IsLinked(parent, right, ParentHash(p, left));
            MlsException.ThrowIf(!valid, MlsErrorKind.BadParentHash, $"parent node {p} is not parent-hash valid");
        }
    }

    private bool IsLinked(ParentNode parent, uint child, byte[] expected)
    {
        foreach (var d in Resolution(child))
        {
            if ((d & 1) == 0 && parent.UnmergedLeaves.Contains(d >> 1))
            {
                continue;
            }

            var hash = (d & 1) == 0
                ? (_leaves[d >> 1]!.Source == LeafNodeSource.Commit ? _leaves[d >> 1]!.ParentHash : null)
                : _parents[d >> 1]!.ParentHash;
            if (hash is not null && hash.AsSpan().SequenceEqual(expected))
            {
                return true;
            }
        }

        return false;
    }
}
