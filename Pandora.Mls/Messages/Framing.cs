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

/// <summary>PrivateMessage (RFC 9420 §6.3), kept as its encrypted fields.</summary>
public sealed class PrivateMessage
{
    public byte[] GroupId { get; init; } = [];

    public ulong Epoch { get; init; }

    public ContentType ContentType { get; init; }

    public byte[] AuthenticatedData { get; init; } = [];

    public byte[] EncryptedSenderData { get; init; } = [];

    public byte[] Ciphertext { get; init; } = [];

    public static PrivateMessage Read(TlsReader r)
    {
        var groupId = r.ReadOpaque();
        var epoch = r.ReadU64();
        var type = r.ReadU8();
        MlsException.ThrowIf(type is < 1 or > 3, MlsErrorKind.InvalidValue, $"content type {type}");
        return new PrivateMessage
        {
            GroupId = groupId,
            Epoch = epoch,
            ContentType = (ContentType)type,
            AuthenticatedData = r.ReadOpaque(),
            EncryptedSenderData = r.ReadOpaque(),
            Ciphertext = r.ReadOpaque(),
        };
    }

    public void Write(TlsWriter w)
    {
        w.WriteOpaque(GroupId);
        w.WriteU64(Epoch);
        w.WriteU8((byte)ContentType);
        w.WriteOpaque(AuthenticatedData);
        w.WriteOpaque(EncryptedSenderData);
        w.WriteOpaque(Ciphertext);
    }
}

/// <summary>MLSMessage (RFC 9420 §6): version, wire format and one body.</summary>
public sealed class MlsMessage
{
    public WireFormat WireFormat { get; init; }

    public PublicMessage? PublicMessage { get; init; }

    public PrivateMessage? PrivateMessage { get; init; }

    public Welcome? Welcome { get; init; }

    public GroupInfo? GroupInfo { get; init; }

    public KeyPackage? KeyPackage { get; init; }

    public static MlsMessage Decode(ReadOnlyMemory<byte> data) => TlsReader.DecodeAll(data, Read);

    public static MlsMessage Read(TlsReader r)
    {
        var version = r.ReadU16();
        MlsException.ThrowIf(version != 1, MlsErrorKind.UnsupportedVersionOrSuite, $"protocol version {version}");
        var format = r.ReadU16();
        return format switch
        {
            1 => new MlsMessage { WireFormat = WireFormat.PublicMessage, PublicMessage = PublicMessage.Read(r) },
            2 => new MlsMessage { WireFormat = WireFormat.PrivateMessage, PrivateMessage = PrivateMessage.Read(r) },
            3 => new MlsMessage { WireFormat = WireFormat.Welcome, Welcome = Welcome.Read(r) },
            4 => new MlsMessage { WireFormat = WireFormat.GroupInfo, GroupInfo = GroupInfo.Read(r) },
            5 => new MlsMessage { WireFormat = WireFormat.KeyPackage, KeyPackage = KeyPackage.Read(r) },
            _ => throw new MlsException(MlsErrorKind.InvalidValue, $"wire format {format}"),
        };
    }

    public void Write(TlsWriter w)
    {
        w.WriteU16(1);
        w.WriteU16((ushort)WireFormat);
        switch (WireFormat)
        {
            case WireFormat.PublicMessage:
                PublicMessage!.Write(w);
                break;

            case WireFormat.PrivateMessage:
                PrivateMessage!.Write(w);
                break;

            case WireFormat.Welcome:
                Welcome!.Write(w);
                break;

            case WireFormat.GroupInfo:
                GroupInfo!.Write(w);
                break;

            case WireFormat.KeyPackage:
                KeyPackage!.Write(w);
                break;
        }
    }

    public byte[] Encode() => TlsWriter.Encode(Write);
}
