using System.Text.Json;
using Pandora.Mls;
using Pandora.Mls.Codec;
using Pandora.Mls.Group;
using Pandora.Mls.Messages;
using Pandora.Mls.Schedule;

namespace Pandora.Tests.Mls;

public sealed class MessageProtectionVectorTests
{
    [Fact]
    public void MessageProtection_suite2_publicAndPrivateRoundTrip()
    {
        var ran = 0;
        foreach (var e in MlsVectors.Suite2("message-protection.json"))
        {
            var context = Context(e);
            CheckPublic(e, context, "proposal", c => c.Proposal!.Write);
            CheckPublic(e, context, "commit", c => c.Commit!.Write);
            var application = new FramedContent
            {
                GroupId = e.Hex("group_id"),
                Epoch = context.Epoch,
                Sender = Sender.Member(1),
                ContentType = ContentType.Application,
                ApplicationData = e.Hex("application"),
            };
            Should.Throw<MlsException>(() => Framing.Sign(application, context, e.Hex("signature_priv")))
                .Kind.ShouldBe(MlsErrorKind.WrongWireFormat);

            CheckPrivate(e, context, "proposal", "proposal_priv");
            CheckPrivate(e, context, "commit", "commit_priv");
            CheckPrivate(e, context, "application", "application_priv");
            ran++;
        }

        MlsVectors.Report("message-protection.json", ran, 1);
    }

    [Fact]
    public void PublicMessage_flippedMembershipTagOrSignatureOrEpoch_rejectedWithMatchingKind()
    {
        var e = MlsVectors.Suite2("message-protection.json")[0];
        var context = Context(e);
        var bytes = e.Hex("commit_pub");

        var tagFlipped = (byte[])bytes.Clone();
        tagFlipped[^1] ^= 1;
        var msg = MlsMessage.Decode(tagFlipped).PublicMessage!;
        Should.Throw<MlsException>(() => Framing.VerifyMembershipTag(msg, context, e.Hex("membership_key")))
            .Kind.ShouldBe(MlsErrorKind.BadMembershipTag);

        var good = MlsMessage.Decode(bytes).PublicMessage!;
        good.Signature[10] ^= 1;
        Should.Throw<MlsException>(() => Framing.VerifySignature(good, context, e.Hex("signature_pub")))
            .Kind.ShouldBe(MlsErrorKind.BadSignature);

        var laterEpoch = new GroupContext
        {
            GroupId = context.GroupId,
            Epoch = context.Epoch + 1,
            TreeHash = context.TreeHash,
            ConfirmedTranscriptHash = context.ConfirmedTranscriptHash,
        };
        var original = MlsMessage.Decode(bytes).PublicMessage!;
        Should.Throw<MlsException>(() => Framing.VerifyMembershipTag(original, laterEpoch, e.Hex("membership_key")))
            .Kind.ShouldBe(MlsErrorKind.BadMembershipTag);
    }

    private static GroupContext Context(JsonElement e) => new()
    {
        GroupId = e.Hex("group_id"),
        Epoch = e.GetProperty("epoch").GetUInt64(),
        TreeHash = e.Hex("tree_hash"),
        ConfirmedTranscriptHash = e.Hex("confirmed_transcript_hash"),
    };

    private static void CheckPublic(
        JsonElement e,
        GroupContext context,
        string name,
        Func<FramedContent, Action<TlsWriter>> body)
    {
        var message = MlsMessage.Decode(e.Hex(name + "_pub")).PublicMessage!;
        message.Content.Sender.ShouldBe(Sender.Member(1));
        Framing.VerifyMembershipTag(message, context, e.Hex("membership_key"));
        Framing.VerifySignature(message, context, e.Hex("signature_pub"));
        TlsWriter.Encode(body(message.Content)).ShouldBe(e.Hex(name));

        var own = Framing.Sign(message.Content, context, e.Hex("signature_priv"));
        own.ConfirmationTag = message.ConfirmationTag;
        own.MembershipTag = Framing.MembershipTag(own, context, e.Hex("membership_key"));
        var reparsed = MlsMessage.Decode(new MlsMessage
        {
            WireFormat = WireFormat.PublicMessage,
            PublicMessage = own,
        }.Encode()).PublicMessage!;
        Framing.VerifyMembershipTag(reparsed, context, e.Hex("membership_key"));
        Framing.VerifySignature(reparsed, context, e.Hex("signature_pub"));
    }

    private static void CheckPrivate(JsonElement e, GroupContext context, string raw, string name)
    {
        var message = MlsMessage.Decode(e.Hex(name)).PrivateMessage!;
        var result = PrivateMessageProtection.Unprotect(
            message,
            context,
            new SecretTree(e.Hex("encryption_secret"), 2),
            e.Hex("sender_data_secret"),
            _ => e.Hex("signature_pub"));
        result.Content.Sender.ShouldBe(Sender.Member(1));
        RawOf(result.Content).ShouldBe(e.Hex(raw));

        var own = PrivateMessageProtection.Protect(
            result.Content,
            context,
            e.Hex("signature_priv"),
            result.ConfirmationTag,
            new SecretTree(e.Hex("encryption_secret"), 2),
            e.Hex("sender_data_secret"),
            3);
        var back = PrivateMessageProtection.Unprotect(
            own,
            context,
            new SecretTree(e.Hex("encryption_secret"), 2),
            e.Hex("sender_data_secret"),
            _ => e.Hex("signature_pub"));
        RawOf(back.Content).ShouldBe(e.Hex(raw));
    }

    private static byte[] RawOf(FramedContent c) => c.ContentType switch
    {
        ContentType.Application => c.ApplicationData!,
        ContentType.Proposal => TlsWriter.Encode(c.Proposal!.Write),
        _ => TlsWriter.Encode(c.Commit!.Write),
    };
}
