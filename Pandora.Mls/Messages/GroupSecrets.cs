using Pandora.Mls.Codec;

namespace Pandora.Mls.Messages;

/// <summary>GroupSecrets (RFC 9420 §12.4.3.1).</summary>
public sealed class GroupSecrets
{
    public byte[] JoinerSecret { get; init; } = [];

    public byte[]? PathSecret { get; init; }

    public List<PreSharedKeyId> Psks { get; init; } = [];

    public static GroupSecrets Read(TlsReader r) => new()
    {
        JoinerSecret = r.ReadOpaque(),
        PathSecret = r.ReadOptional(x => x.ReadOpaque()),
        Psks = r.ReadList(PreSharedKeyId.Read),
    };

    public void Write(TlsWriter w)
    {
        w.WriteOpaque(JoinerSecret);
        w.WriteOptional(PathSecret, (x, p) => x.WriteOpaque(p));
        w.WriteVector(Psks, (x, p) => p.Write(x));
    }
}
