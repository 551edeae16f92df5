using Pandora.Mls.Codec;

namespace Pandora.Mls.Messages;

/// <summary>PreSharedKeyID (RFC 9420 §8.4).</summary>
public sealed class PreSharedKeyId
{
    public PskType PskType { get; init; } = PskType.External;

    public byte[] PskId { get; init; } = [];

    public byte Usage { get; init; }

    public byte[] PskGroupId { get; init; } = [];

    public ulong PskEpoch { get; init; }

    public byte[] PskNonce { get; init; } = [];

    public static PreSharedKeyId Read(TlsReader r)
    {
        var type = r.ReadU8();
        return type switch
        {
            1 => new PreSharedKeyId { PskType = PskType.External, PskId = r.ReadOpaque(), PskNonce = r.ReadOpaque() },
            2 => new PreSharedKeyId
            {
                PskType = PskType.Resumption,
                Usage = r.ReadU8(),
                PskGroupId = r.ReadOpaque(),
                PskEpoch = r.ReadU64(),
                PskNonce = r.ReadOpaque(),
            },
            _ => throw new MlsException(MlsErrorKind.InvalidValue, $"psk type {type}"),
        };
    }

    public void Write(TlsWriter w)
    {
        w.WriteU8((byte)PskType);
        if (PskType == PskType.External)
        {
            w.WriteOpaque(PskId);
        }
        else
        {
            w.WriteU8(Usage);
            w.WriteOpaque(PskGroupId);
            w.WriteU64(PskEpoch);
        }

        w.WriteOpaque(PskNonce);
    }
}

/// <summary>ReInit proposal body (RFC 9420 §12.1.5).</summary>
public sealed record ReInit(byte[] GroupId, ushort Version, ushort CipherSuite, List<Extension> Extensions)
{
    public static ReInit Read(TlsReader r) => new(r.ReadOpaque(), r.ReadU16(), r.ReadU16(), Extension.ReadList(r));

    public void Write(TlsWriter w)
    {
        w.WriteOpaque(GroupId);
        w.WriteU16(Version);
        w.WriteU16(CipherSuite);
        Extension.WriteList(w, Extensions);
    }
}

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
            7 => new Proposal { Type = ProposalType.GroupContextExtensions, GroupContextExtensions = Extension.ReadList(r) },

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
