using Pandora.Mls.Messages;

namespace Pandora.Mls.Tree;

public sealed partial class RatchetTree
{
    /// <summary>
    /// Adds a leaf at the leftmost blank slot, doubling the tree when full, and records it as unmerged on every
    /// non-blank parent above it (RFC 9420 §12.1.1). Returns the new leaf index.
    /// </summary>
    public uint AddLeaf(LeafNode leaf)
    {
        uint index = 0;
        while (index < LeafCount && _leaves[index] is not null)
        {
            index++;
        }

        if (index == LeafCount)
        {
            Extend();
        }

        _leaves[index] = leaf;
        foreach (var p in TreeMath.DirectPath(index * 2, LeafCount))
        {
            _parents[p >> 1]?.UnmergedLeaves.Add(index);
        }

        return index;
    }

    /// <summary>Blanks a leaf and its direct path (RFC 9420 §12.1.3). Call <see cref="Truncate"/> after all
    /// removals.</summary>
    public void RemoveLeaf(uint leafIndex)
    {
        MlsException.ThrowIf(
            leafIndex >= LeafCount || _leaves[leafIndex] is null,
            MlsErrorKind.BadProposal,
            $"remove of blank or missing leaf {leafIndex}");
        _leaves[leafIndex] = null;
        BlankDirectPath(leafIndex);
    }

    /// <summary>Replaces a leaf and blanks its direct path (RFC 9420 §12.1.2).</summary>
    public void UpdateLeaf(uint leafIndex, LeafNode leaf)
    {
        _leaves[leafIndex] = leaf;
        BlankDirectPath(leafIndex);
    }

    /// <summary>Halves the tree while its right half holds no member.</summary>
    public void Truncate()
    {
        while (LeafCount > 1)
        {
            var half = LeafCount / 2;
            for (var i = half; i < LeafCount; i++)
            {
                if (_leaves[i] is not null)
                {
                    return;
                }
            }

            Array.Resize(ref _leaves, (int)half);
            Array.Resize(ref _parents, (int)half - 1);
        }
    }

    public void BlankDirectPath(uint leafIndex)
    {
        if (LeafCount == 1)
        {
            return;
        }

        foreach (var p in TreeMath.DirectPath(leafIndex * 2, LeafCount))
        {
            _parents[p >> 1] = null;
        }
    }

    /// <summary>
    /// Installs new public keys along the sender's filtered direct path (RFC 9420 §7.5) and recomputes the parent
    /// hashes top-down (§7.9). Returns the parent hash the sender's new leaf must carry. The leaf itself is not
    /// changed; the caller sets it.
    /// </summary>
    public byte[] ApplyPathKeys(uint senderLeaf, IReadOnlyList<byte[]> publicKeys)
    {
        var filtered = FilteredDirectPath(senderLeaf);
        MlsException.ThrowIf(
            filtered.Count != publicKeys.Count,
            MlsErrorKind.BadCommit,
            $"update path has {publicKeys.Count} nodes, filtered direct path {filtered.Count}");
        BlankDirectPath(senderLeaf);
        for (int i = 0; i < filtered.Count; i++)
        {
            _parents[filtered[i] >> 1] = new ParentNode { EncryptionKey = publicKeys[i] };
        }

        byte[] hash = [];
        for (int i = filtered.Count - 1; i >= 0; i--)
        {
            var p = filtered[i];
            _parents[p >> 1]!.ParentHash = hash;
            var towardLeaf = i == 0 ? senderLeaf * 2 : filtered[i - 1];
            var copathChild = TreeMath.IsInSubtree(TreeMath.Left(p), towardLeaf) ? TreeMath.Right(p) : TreeMath.Left(p);
            hash = ParentHash(p, copathChild);
        }

        return hash;
    }

    private void Extend()
    {
        var count = (int)LeafCount * 2;
        Array.Resize(ref _leaves, count);
        Array.Resize(ref _parents, count - 1);
    }
}
