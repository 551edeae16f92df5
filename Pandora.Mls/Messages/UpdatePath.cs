using Pandora.Mls.Codec;

namespace Pandora.Mls.Messages;

/// <summary>UpdatePath (RFC 9420 §7.6).</summary>
public sealed record UpdatePath(LeafNode LeafNode, List<UpdatePathNode> Nodes)
{
    public static UpdatePath Read(TlsReader r) => new(LeafNode.Read(r), r.ReadList(UpdatePathNode.Read));

    public void Write(TlsWriter w)
    {
        LeafNode.Write(w);
        w.WriteVector(Nodes, (x, n) => n.Write(x));
    }
}
