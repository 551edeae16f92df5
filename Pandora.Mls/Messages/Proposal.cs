using Pandora.Mls.Codec;

namespace Pandora.Mls.Messages;

/// <summary>Proposal (RFC 9420 §12.1). Exactly the field matching <see cref="Type"/> is set.</summary>
public sealed class Proposal
{
    public ProposalType Type { get; init; }

    public KeyPackage? Add { get; init; }

    public LeafNode? Update { get; init; }

    public uint Removed { get; init; }

    public PreSharedKeyId? Psk { get; init; }

    public ReInit? ReInit { get; init; }

    public byte[]? ExternalInitKemOutput { get; init; }

    public List<Extension>? GroupContextExtensions { get; init; }

    public static Proposal CreateAdd(KeyPackage keyPackage) => new() { Type = ProposalType.Add, Add = keyPackage };

    public static Proposal CreateRemove(uint leafIndex) => new() { Type = ProposalType.Remove, Removed = leafIndex };

    public static Proposal Read(TlsReader r)
    {
        var type = r.ReadU16();
        return type switch
        {
            1 => new Proposal { Type = ProposalType.Add, Add = KeyPackage.Read(r) },
            2 => new Proposal { Type = ProposalType.Update, Update = LeafNode.Read(r) },
            3 => new Proposal { Type = ProposalType.Remove, Removed = r.ReadU32() },
            4 => new Proposal { Type = ProposalType.Psk, Psk = PreSharedKeyId.Read(r) },
            5 => new Proposal { Type = ProposalType.ReInit, ReInit = ReInit.Read(r) },
            6 => new Proposal { Type = ProposalType.ExternalInit, ExternalInitKemOutput = r.ReadOpaque() },
            7 => new Proposal
            {
                Type = ProposalType.GroupContextExtensions,
                GroupContextExtensions = Extension.ReadList(r),
            },

            // Other types carry no length, so an unknown one cannot be skipped.
            _ => throw new MlsException(MlsErrorKind.InvalidValue, $"proposal type {type}"),
        };
    }

    public void Write(TlsWriter w)
    {
        w.WriteU16((ushort)Type);
        switch (Type)
        {
            case ProposalType.Add:
                Add!.Write(w);
                break;

            case ProposalType.Update:
                Update!.Write(w);
                break;

            case ProposalType.Remove:
                w.WriteU32(Removed);
                break;

            case ProposalType.Psk:
                Psk!.Write(w);
                break;

            case ProposalType.ReInit:
                ReInit!.Write(w);
                break;

            case ProposalType.ExternalInit:
                w.WriteOpaque(ExternalInitKemOutput!);
                break;

            case ProposalType.GroupContextExtensions:
                Extension.WriteList(w, GroupContextExtensions!);
                break;
        }
    }
}
