using Pandora.Mls.Codec;

namespace Pandora.Mls.Messages;

/// <summary>ParentNode (RFC 9420 §7.1).</summary>
public sealed class ParentNode
{
    public byte[] EncryptionKey { get; set; } = [];

    public byte[] ParentHash { get; set; } = [];

    /// <summary>Leaf indices (not node indices) added below this node since it was last set.</summary>
    public List<uint> UnmergedLeaves { get; set; } = [];

    public static ParentNode Read(TlsReader r) => new()
    {
        EncryptionKey = r.ReadOpaque(),
        ParentHash = r.ReadOpaque(),
        UnmergedLeaves = r.ReadList(x => x.ReadU32()),
    };

    public void Write(TlsWriter w)
    {
        w.WriteOpaque(EncryptionKey);
        w.WriteOpaque(ParentHash);
        w.WriteVector(UnmergedLeaves, (x, v) => x.WriteU32(v));
    }

    public ParentNode Clone() => new()
    {
        EncryptionKey = EncryptionKey,
        ParentHash = ParentHash,
        UnmergedLeaves = [.. UnmergedLeaves],
    };
}
