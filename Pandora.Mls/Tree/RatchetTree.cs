using Pandora.Mls.Codec;
using Pandora.Mls.Messages;

namespace Pandora.Mls.Tree;

/// <summary>
/// The public ratchet tree (RFC 9420 §7): a full binary tree in array form whose even slots hold LeafNodes and
/// odd slots ParentNodes, either possibly blank. Not thread safe; a group owns its tree.
/// </summary>
public sealed partial class RatchetTree
{
    private LeafNode?[] _leaves;
    private ParentNode?[] _parents;

    public RatchetTree(uint leafCount)
    {
        MlsException.ThrowIf(
            leafCount == 0 || (leafCount & (leafCount - 1)) != 0,
            MlsErrorKind.MalformedTree,
            "leaf count must be a power of two");
        _leaves = new LeafNode?[leafCount];
        _parents = new ParentNode?[leafCount - 1];
    }

    /// <summary>Number of leaf slots (a power of two).</summary>
    public uint LeafCount => (uint)_leaves.Length;

    /// <summary>Number of node slots.</summary>
    public uint NodeCount => TreeMath.NodeWidth(LeafCount);

    public uint Root => TreeMath.Root(LeafCount);

    public LeafNode? GetLeaf(uint leafIndex) => leafIndex < LeafCount ? _leaves[leafIndex] : null;

    public void SetLeaf(uint leafIndex, LeafNode? leaf) => _leaves[leafIndex] = leaf;

    public ParentNode? GetParent(uint nodeIndex) => _parents[nodeIndex >> 1];

    public void SetParent(uint nodeIndex, ParentNode? node) => _parents[nodeIndex >> 1] = node;

    public bool IsBlank(uint nodeIndex) =>
        (nodeIndex & 1) == 0 ? _leaves[nodeIndex >> 1] is null : _parents[nodeIndex >> 1] is null;

    /// <summary>The HPKE public key held at a node, or null when blank.</summary>
    public byte[]? EncryptionKeyAt(uint nodeIndex) =>
        (nodeIndex & 1) == 0 ? _leaves[nodeIndex >> 1]?.EncryptionKey : _parents[nodeIndex >> 1]?.EncryptionKey;

    /// <summary>Indices of the non-blank leaves.</summary>
    public IEnumerable<uint> OccupiedLeaves()
    {
        for (uint i = 0; i < LeafCount; i++)
        {
            if (_leaves[i] is not null)
            {
                yield return i;
            }
        }
    }

    public RatchetTree Clone()
    {
        var copy = new RatchetTree(LeafCount);
        for (int i = 0; i < _leaves.Length; i++)
        {
            copy._leaves[i] = _leaves[i];
        }

        for (int i = 0; i < _parents.Length; i++)
        {
            copy._parents[i] = _parents[i]?.Clone();
        }

        return copy;
    }

    /// <summary>Decodes the ratchet_tree extension body: <c>optional&lt;Node&gt; nodes&lt;V&gt;</c> (RFC 9420
    /// §12.4.3.3).</summary>
    public static RatchetTree Decode(ReadOnlyMemory<byte> data) => TlsReader.DecodeAll(data, Read);

    public static RatchetTree Read(TlsReader r)
    {
        var nodes = r.ReadList(x => x.ReadOptional(ReadNode));
        MlsException.ThrowIf(nodes.Count == 0, MlsErrorKind.MalformedTree, "empty ratchet tree");
        MlsException.ThrowIf(nodes[^1] is null, MlsErrorKind.MalformedTree, "ratchet tree ends with a blank node");
        MlsException.ThrowIf(nodes.Count % 2 == 0, MlsErrorKind.MalformedTree, "ratchet tree has an even node count");
        uint leafCount = 1;
        while (TreeMath.NodeWidth(leafCount) < nodes.Count)
        {
            leafCount *= 2;
        }

        var tree = new RatchetTree(leafCount);
        for (int i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            if (node is null)
            {
                continue;
            }

            if (i % 2 == 0)
            {
                MlsException.ThrowIf(node.Leaf is null, MlsErrorKind.MalformedTree, $"node {i} must be a leaf");
                tree._leaves[i / 2] = node.Leaf;
            }
            else
            {
                MlsException.ThrowIf(node.Parent is null, MlsErrorKind.MalformedTree, $"node {i} must be a parent");
                tree._parents[i / 2] = node.Parent;
            }
        }

        return tree;
    }

    /// <summary>Encodes the tree with trailing blank nodes omitted.</summary>
    public byte[] Encode() => TlsWriter.Encode(Write);

    public void Write(TlsWriter w)
    {
        var last = (int)NodeCount - 1;
        while (last >= 0 && IsBlank((uint)last))
        {
            last--;
        }

        w.WriteVector(inner =>
        {
            for (uint i = 0; i <= last; i++)
            {
                if (IsBlank(i))
                {
                    inner.WriteU8(0);
                    continue;
                }

                inner.WriteU8(1);
                if ((i & 1) == 0)
                {
                    inner.WriteU8(1);
                    _leaves[i >> 1]!.Write(inner);
                }
                else
                {
                    inner.WriteU8(2);
                    _parents[i >> 1]!.Write(inner);
                }
            }
        });
    }

    /// <summary>Resolution of a node (RFC 9420 §4.1.1), in left-to-right order.</summary>
    public List<uint> Resolution(uint x)
    {
        var result = new List<uint>();
        AddResolution(x, result);
        return result;
    }

    /// <summary>Filtered direct path of a leaf (RFC 9420 §4.1.2): direct-path nodes whose copath child resolves to
    /// something.</summary>
    public List<uint> FilteredDirectPath(uint leafIndex)
    {
        var result = new List<uint>();
        var x = leafIndex * 2;
        var root = Root;
        while (x != root)
        {
            var sibling = TreeMath.Sibling(x, LeafCount);
            x = TreeMath.Parent(x, LeafCount);
            if (Resolution(sibling).Count > 0)
            {
                result.Add(x);
            }
        }

        return result;
    }

    /// <summary>Leaf index of a LeafNode equal byte for byte to <paramref name="encodedLeaf"/>, or null.</summary>
    public uint? FindLeaf(ReadOnlySpan<byte> encodedLeaf)
    {
        for (uint i = 0; i < LeafCount; i++)
        {
            if (_leaves[i] is { } leaf && leaf.Encode().AsSpan().SequenceEqual(encodedLeaf))
            {
                return i;
            }
        }

        return null;
    }

    private void AddResolution(uint x, List<uint> result)
    {
        if ((x & 1) == 0)
        {
            if (_leaves[x >> 1] is not null)
            {
                result.Add(x);
            }

            return;
        }

        if (_parents[x >> 1] is { } parent)
        {
            result.Add(x);
            foreach (var leaf in parent.UnmergedLeaves)
            {
                result.Add(leaf * 2);
            }

            return;
        }

        AddResolution(TreeMath.Left(x), result);
        AddResolution(TreeMath.Right(x), result);
    }

    private static TreeNodeRecord ReadNode(TlsReader r)
    {
        var type = r.ReadU8();
        return type switch
        {
            1 => new TreeNodeRecord(LeafNode.Read(r), null),
            2 => new TreeNodeRecord(null, ParentNode.Read(r)),
            _ => throw new MlsException(MlsErrorKind.InvalidValue, $"node type {type}"),
        };
    }

    private sealed record TreeNodeRecord(LeafNode? Leaf, ParentNode? Parent);
}
