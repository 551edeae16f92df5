using Pandora.Mls.Codec;

namespace Pandora.Mls.Messages;

/// <summary>PublicMessage (RFC 9420 §6.2): FramedContent, its auth data and, for members, a membership tag.</summary>
public sealed class PublicMessage
{
    public FramedContent Content { get; init; } = new();

    public byte[] Signature { get; set; } = [];

    /// <summary>Present only for commits.</summary>
    public byte[]? ConfirmationTag { get; set; }

    /// <summary>Present only for member senders.</summary>
    public byte[]? MembershipTag { get; set; }

    public static PublicMessage Read(TlsReader r)
    {
        var content = FramedContent.Read(r);
        var message = new PublicMessage { Content = content, Signature = r.ReadOpaque() };
        if (content.ContentType == ContentType.Commit)
        {
            message.ConfirmationTag = r.ReadOpaque();
        }

        if (content.Sender.Type == SenderType.Member)
        {
            message.MembershipTag = r.ReadOpaque();
        }

        return message;
    }

    public void Write(TlsWriter w)
    {
        Content.Write(w);
        WriteAuth(w);
        if (Content.Sender.Type == SenderType.Member)
        {
            w.WriteOpaque(MembershipTag ?? []);
        }
    }

    /// <summary>FramedContentAuthData: signature and, for commits, the confirmation tag.</summary>
    internal void WriteAuth(TlsWriter w)
    {
        w.WriteOpaque(Signature);
        if (Content.ContentType == ContentType.Commit)
        {
            w.WriteOpaque(ConfirmationTag ?? []);
        }
    }
}
