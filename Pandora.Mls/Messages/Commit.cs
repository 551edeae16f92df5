using Pandora.Mls.Codec;

namespace Pandora.Mls.Messages;

/// <summary>Commit (RFC 9420 §12.4).</summary>
public sealed class Commit
{
    public List<ProposalOrRef> Proposals { get; init; } = [];

    public UpdatePath? Path { get; init; }

    public static Commit Read(TlsReader r) => new()
    {
        Proposals = r.ReadList(ProposalOrRef.Read),
        Path = r.ReadOptional(UpdatePath.Read),
    };

    public void Write(TlsWriter w)
    {
        w.WriteVector(Proposals, (x, p) => p.Write(x));
        w.WriteOptional(Path, (x, p) => p.Write(x));
    }
}
