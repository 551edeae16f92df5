namespace Pandora.Mls.Tree;

/// <summary>
/// Array-representation tree math for full binary trees (RFC 9420 Appendix C): leaf i is node 2i, parents are
/// odd, the root of an n-leaf tree (n a power of two) is n - 1. All indices are node indices unless named leaf.
/// </summary>
public static class TreeMath
{
    /// <summary>Level of a node: the number of trailing one bits (leaves are level 0).</summary>
    public static int Level(uint x)
    {
        int k = 0;
        while (((x >> k) & 1) == 1)
        {
            k++;
        }

        return k;
    }

    /// <summary>Number of nodes of a tree with <paramref name="leafCount"/> leaves.</summary>
    public static uint NodeWidth(uint leafCount) => leafCount == 0 ? 0 : (2 * (leafCount - 1)) + 1;

    /// <summary>Root node index of a full tree with <paramref name="leafCount"/> leaves.</summary>
    public static uint Root(uint leafCount)
    {
        var w = NodeWidth(leafCount);
        uint root = 1;
        while (root * 2 <= w)
        {
            root *= 2;
        }

        return root - 1;
    }

    public static uint Left(uint x)
    {
        var k = Level(x);
        MlsException.ThrowIf(k == 0, MlsErrorKind.MalformedTree, "a leaf has no children");
        return x ^ (1u << (k - 1));
    }

    public static uint Right(uint x)
    {
        var k = Level(x);
        MlsException.ThrowIf(k == 0, MlsErrorKind.MalformedTree, "a leaf has no children");
        return x ^ (3u << (k - 1));
    }

    public static uint Parent(uint x, uint leafCount)
    {
        MlsException.ThrowIf(x == Root(leafCount), MlsErrorKind.MalformedTree, "the root has no parent");
        var k = Level(x);
        var b = (x >> (k + 1)) & 1;
        return (x | (1u << k)) ^ (b << (k + 1));
    }

    public static uint Sibling(uint x, uint leafCount)
    {
        var p = Parent(x, leafCount);
        return x < p ? Right(p) : Left(p);
    }

    /// <summary>Direct path of a node: its ancestors from the parent up to the root.</summary>
    public static List<uint> DirectPath(uint x, uint leafCount)
    {
        var path = new List<uint>();
        var root = Root(leafCount);
        while (x != root)
        {
            x = Parent(x, leafCount);
            path.Add(x);
        }

        return path;
    }

    /// <summary>Copath: the sibling of each node on the path from x (inclusive) to just below the root.</summary>
    public static List<uint> Copath(uint x, uint leafCount)
    {
        var copath = new List<uint>();
        var root = Root(leafCount);
        while (x != root)
        {
            copath.Add(Sibling(x, leafCount));
            x = Parent(x, leafCount);
        }

        return copath;
    }

    /// <summary>True if <paramref name="descendant"/> is in the subtree rooted at <paramref
    /// name="ancestor"/>.</summary>
    public static bool IsInSubtree(uint ancestor, uint descendant)
    {
        var k = Level(ancestor);
        return (descendant >> (k + 1)) == (ancestor >> (k + 1));
    }

    /// <summary>Lowest common ancestor of two nodes.</summary>
    public static uint CommonAncestor(uint a, uint b)
    {
        var la = Level(a) + 1;
        var lb = Level(b) + 1;
        if (la <= lb && a >> lb == b >> lb)
        {
            return b;
        }

        if (lb <= la && a >> la == b >> la)
        {
            return a;
        }

        int k = 0;
        while (a != b)
        {
            a >>= 1;
            b >>= 1;
            k++;
        }

        return (a << k) + (1u << (k - 1)) - 1;
    }
}
