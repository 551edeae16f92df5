using Pandora.Mls.Codec;
using Pandora.Mls.Crypto;
using Pandora.Mls.Messages;

namespace Pandora.Mls.Group;

/// <summary>
/// Signing, membership tags and proposal references of PublicMessages (RFC 9420 §6.1, §6.2, §5.2). Stateless.
/// </summary>
public static class Framing
{
    /// <summary>FramedContentTBS: version, wire format, content and (member / new-member-commit senders) the
    /// GroupContext.</summary>
    public static byte[] ToBeSigned(WireFormat wireFormat, FramedContent content, GroupContext? context)
    {
        var w = new TlsWriter();
        w.WriteU16(1);
        w.WriteU16((ushort)wireFormat);
        content.Write(w);
        if (content.Sender.Type is SenderType.Member or SenderType.NewMemberCommit)
        {
            MlsException.ThrowIf(context is null, MlsErrorKind.BadSender, "member content needs a group context");
            context!.Write(w);
        }

        return w.ToArray();
    }

    /// <summary>Signs the content as a PublicMessage; the confirmation and membership tags are left to the
    /// caller.</summary>
    public static PublicMessage Sign(
        FramedContent content,
        GroupContext? context,
        ReadOnlySpan<byte> signaturePrivateKey)
    {
        // RFC 9420 §6.2: application data is never sent as a PublicMessage.
        MlsException.ThrowIf(
            content.ContentType == ContentType.Application,
            MlsErrorKind.WrongWireFormat,
            "application data must not be sent as a PublicMessage");
        var tbs = ToBeSigned(WireFormat.PublicMessage, content, context);
        return new PublicMessage
        {
            Content = content,
            Signature = MlsCrypto.SignWithLabel(signaturePrivateKey, "FramedContentTBS", tbs),
        };
    }

    /// <summary>Verifies the signature; throws <see cref="MlsErrorKind.BadSignature"/>.</summary>
    public static void VerifySignature(
        PublicMessage message,
        GroupContext? context,
        ReadOnlySpan<byte> signaturePublicKey)
    {
        var tbs = ToBeSigned(WireFormat.PublicMessage, message.Content, context);
        MlsCrypto.VerifyWithLabelOrThrow(
            signaturePublicKey,
            "FramedContentTBS",
            tbs,
            message.Signature,
            "framed content");
    }

    /// <summary>membership_tag = MAC(membership_key, AuthenticatedContentTBM) (RFC 9420 §6.2).</summary>
    public static byte[] MembershipTag(PublicMessage message, GroupContext context, ReadOnlySpan<byte> membershipKey)
    {
        var w = new TlsWriter();
        w.WriteRaw(ToBeSigned(WireFormat.PublicMessage, message.Content, context));
        message.WriteAuth(w);
        return MlsCrypto.Mac(membershipKey, w.ToArray());
    }

    /// <summary>Checks the membership tag of a member-sent message; throws <see
    /// cref="MlsErrorKind.BadMembershipTag"/>.</summary>
    public static void VerifyMembershipTag(
        PublicMessage message,
        GroupContext context,
        ReadOnlySpan<byte> membershipKey)
    {
        var expected = MembershipTag(message, context, membershipKey);
        MlsException.ThrowIf(
            message.MembershipTag is null
                || !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                    expected,
                    message.MembershipTag),
            MlsErrorKind.BadMembershipTag,
            "membership tag does not match");
    }

    /// <summary>AuthenticatedContent: wire format, FramedContent, FramedContentAuthData.</summary>
    public static byte[] AuthenticatedContent(PublicMessage message)
    {
        var w = new TlsWriter();
        w.WriteU16((ushort)WireFormat.PublicMessage);
        message.Content.Write(w);
        message.WriteAuth(w);
        return w.ToArray();
    }

    /// <summary>ProposalRef = RefHash("MLS 1.0 Proposal Reference", AuthenticatedContent).</summary>
    public static byte[] ProposalRef(PublicMessage message) =>
        MlsCrypto.RefHash("MLS 1.0 Proposal Reference", AuthenticatedContent(message));
}
