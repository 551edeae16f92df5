using Pandora.Mls.Codec;

namespace Pandora.Mls.Messages;

/// <summary>Sender (RFC 9420 §6).</summary>
public sealed record Sender(SenderType Type, uint Index)
{
    public static Sender Member(uint leafIndex) => new(SenderType.Member, leafIndex);

    public static Sender Read(TlsReader r)
    {
        var type = r.ReadU8();
        return type switch
        {
            1 => new Sender(SenderType.Member, r.ReadU32()),
            2 => new Sender(SenderType.External, r.ReadU32()),
            3 => new Sender(SenderType.NewMemberProposal, 0),
            4 => new Sender(SenderType.NewMemberCommit, 0),
            _ => throw new MlsException(MlsErrorKind.InvalidValue, $"sender type {type}"),
        };
    }

    public void Write(TlsWriter w)
    {
        w.WriteU8((byte)Type);
        if (Type is SenderType.Member or SenderType.External)
        {
            w.WriteU32(Index);
        }
    }
}
