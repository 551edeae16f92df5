using Pandora.Mls.Codec;

namespace Pandora.Mls.Messages;

/// <summary>FramedContent (RFC 9420 §6).</summary>
public sealed class FramedContent
{
    public byte[] GroupId { get; init; } = [];

    public ulong Epoch { get; init; }

    public Sender Sender { get; init; } = Sender.Member(0);

    public byte[] AuthenticatedData { get; init; } = [];

    public ContentType ContentType { get; init; }

    public byte[]? ApplicationData { get; init; }

    public Proposal? Proposal { get; init; }

    public Commit? Commit { get; init; }

    public static FramedContent Read(TlsReader r)
    {
        var groupId = r.ReadOpaque();
        var epoch = r.ReadU64();
        var sender = Sender.Read(r);
        var aad = r.ReadOpaque();
        var type = r.ReadU8();
        return type switch
        {
            1 => new FramedContent
            {
                GroupId = groupId, Epoch = epoch, Sender = sender, AuthenticatedData = aad,
                ContentType = ContentType.Application, ApplicationData = r.ReadOpaque(),
            },
            2 => new FramedContent
            {
                GroupId = groupId, Epoch = epoch, Sender = sender, AuthenticatedData = aad,
                ContentType = ContentType.Proposal, Proposal = Proposal.Read(r),
            },
            3 => new FramedContent
            {
                GroupId = groupId, Epoch = epoch, Sender = sender, AuthenticatedData = aad,
                ContentType = ContentType.Commit, Commit = Commit.Read(r),
            },
            _ => throw new MlsException(MlsErrorKind.InvalidValue, $"content type {type}"),
        };
    }

    public void Write(TlsWriter w)
    {
        w.WriteOpaque(GroupId);
        w.WriteU64(Epoch);
        Sender.Write(w);
        w.WriteOpaque(AuthenticatedData);
        WriteBody(w);
    }

    /// <summary>The content_type byte and the body, as PrivateMessageContent and FramedContent share them.</summary>
    internal void WriteBody(TlsWriter w)
    {
        w.WriteU8((byte)ContentType);
        switch (ContentType)
        {
            case ContentType.Application:
                w.WriteOpaque(ApplicationData!);
                break;

            case ContentType.Proposal:
                Proposal!.Write(w);
                break;

            case ContentType.Commit:
                Commit!.Write(w);
                break;
        }
    }
}
