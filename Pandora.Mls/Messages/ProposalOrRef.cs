using Pandora.Mls.Codec;

namespace Pandora.Mls.Messages;

/// <summary>ProposalOrRef (RFC 9420 §12.4): an inline proposal (type 1) or a ProposalRef (type 2).</summary>
public sealed class ProposalOrRef
{
    public Proposal? Proposal { get; init; }

    public byte[]? Reference { get; init; }

    public static ProposalOrRef Read(TlsReader r)
    {
        var type = r.ReadU8();
        return type switch
        {
            1 => new ProposalOrRef { Proposal = Proposal.Read(r) },
            2 => new ProposalOrRef { Reference = r.ReadOpaque() },
            _ => throw new MlsException(MlsErrorKind.InvalidValue, $"ProposalOrRef type {type}"),
        };
    }

    public void Write(TlsWriter w)
    {
        if (Proposal is not null)
        {
            w.WriteU8(1);
            Proposal.Write(w);
        }
        else
        {
            w.WriteU8(2);
            w.WriteOpaque(Reference!);
        }
    }
}
