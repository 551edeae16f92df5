using System.Security.Cryptography;
using Pandora.Mls.Codec;
using Pandora.Mls.Crypto;
using Pandora.Mls.Messages;
using Pandora.Mls.Schedule;

namespace Pandora.Mls.Group;

/// <summary>
/// PrivateMessage protection (RFC 9420 §6.3) with the secret tree. DAVE does not use PrivateMessage; this exists
/// for completeness and the message-protection vectors. Stateless.
/// </summary>
public static class PrivateMessageProtection
{
    /// <summary>Signs and encrypts member content as a PrivateMessage.</summary>
    public static PrivateMessage Protect(
        FramedContent content,
        GroupContext context,
        ReadOnlySpan<byte> signaturePrivateKey,
        byte[]? confirmationTag,
        SecretTree tree,
        byte[] senderDataSecret,
        uint generation)
    {
        MlsException.ThrowIf(
            content.Sender.Type != SenderType.Member,
            MlsErrorKind.BadSender,
            "private messages are member-sent");
        var tbs = Framing.ToBeSigned(WireFormat.PrivateMessage, content, context);
        var signature = MlsCrypto.SignWithLabel(signaturePrivateKey, "FramedContentTBS", tbs);
        var plain = new TlsWriter();
        WriteBody(plain, content);
        plain.WriteOpaque(signature);
        if (content.ContentType == ContentType.Commit)
        {
            plain.WriteOpaque(confirmationTag ?? []);
        }

        var reuseGuard = RandomNumberGenerator.GetBytes(4);
        var (key, nonce) = tree.KeyAndNonce(content.Sender.Index, KindOf(content.ContentType), generation);
        ApplyGuard(nonce, reuseGuard);
        var aad = ContentAad(content.GroupId, content.Epoch, content.ContentType, content.AuthenticatedData);
        var ciphertext = MlsCrypto.AeadSeal(key, nonce, aad, plain.ToArray());
        var senderData = TlsWriter.Encode(w =>
        {
            w.WriteU32(content.Sender.Index);
            w.WriteU32(generation);
            w.WriteRaw(reuseGuard);
        });
        var (sdKey, sdNonce) = SecretTree.SenderDataKeyAndNonce(senderDataSecret, ciphertext);
        var sdAad = SenderDataAad(content.GroupId, content.Epoch, content.ContentType);
        return new PrivateMessage
        {
            GroupId = content.GroupId,
            Epoch = content.Epoch,
            ContentType = content.ContentType,
            AuthenticatedData = content.AuthenticatedData,
            EncryptedSenderData = MlsCrypto.AeadSeal(sdKey, sdNonce, sdAad, senderData),
            Ciphertext = ciphertext,
        };
    }

    /// <summary>Decrypts a PrivateMessage and verifies its signature with the key <paramref name="signatureKeyOf"/>
    /// gives for the sender leaf.</summary>
    public static UnprotectedContent Unprotect(
        PrivateMessage message,
        GroupContext context,
        SecretTree tree,
        byte[] senderDataSecret,
        Func<uint, byte[]> signatureKeyOf)
    {
        var (sdKey, sdNonce) = SecretTree.SenderDataKeyAndNonce(senderDataSecret, message.Ciphertext);
        var sdAad = SenderDataAad(message.GroupId, message.Epoch, message.ContentType);
        var senderData = MlsCrypto.AeadOpen(sdKey, sdNonce, sdAad, message.EncryptedSenderData);
        var (leaf, generation, guard) = TlsReader.DecodeAll(senderData, r => (r.ReadU32(), r.ReadU32(), r.ReadRaw(4)));
        var (key, nonce) = tree.KeyAndNonce(leaf, KindOf(message.ContentType), generation);
        ApplyGuard(nonce, guard);
        var aad = ContentAad(message.GroupId, message.Epoch, message.ContentType, message.AuthenticatedData);
        var plain = MlsCrypto.AeadOpen(key, nonce, aad, message.Ciphertext);
        var r = new TlsReader(plain);
        var content = new FramedContent
        {
            GroupId = message.GroupId,
            Epoch = message.Epoch,
            Sender = Sender.Member(leaf),
            AuthenticatedData = message.AuthenticatedData,
            ContentType = message.ContentType,
            ApplicationData = message.ContentType == ContentType.Application ? r.ReadOpaque() : null,
            Proposal = message.ContentType == ContentType.Proposal ? Proposal.Read(r) : null,
            Commit = message.ContentType == ContentType.Commit ? Commit.Read(r) : null,
        };
        var signature = r.ReadOpaque();
        var tag = message.ContentType == ContentType.Commit ? r.ReadOpaque() : null;
        var padding = r.ReadRaw(r.Remaining);
        MlsException.ThrowIf(padding.Any(b => b != 0), MlsErrorKind.InvalidValue, "non-zero padding");
        var tbs = Framing.ToBeSigned(WireFormat.PrivateMessage, content, context);
        MlsCrypto.VerifyWithLabelOrThrow(signatureKeyOf(leaf), "FramedContentTBS", tbs, signature, "private message");
        return new UnprotectedContent(content, signature, tag, generation);
    }

    private static RatchetKind KindOf(ContentType type) =>
        type == ContentType.Application ? RatchetKind.Application : RatchetKind.Handshake;

    private static void ApplyGuard(byte[] nonce, byte[] guard)
    {
        for (int i = 0; i < 4; i++)
        {
            nonce[i] ^= guard[i];
        }
    }

    private static void WriteBody(TlsWriter w, FramedContent content)
    {
        switch (content.ContentType)
        {
            case ContentType.Application:
                w.WriteOpaque(content.ApplicationData!);
                break;

            case ContentType.Proposal:
                content.Proposal!.Write(w);
                break;

            case ContentType.Commit:
                content.Commit!.Write(w);
                break;
        }
    }

    private static byte[] SenderDataAad(byte[] groupId, ulong epoch, ContentType type) => TlsWriter.Encode(w =>
    {
        w.WriteOpaque(groupId);
        w.WriteU64(epoch);
        w.WriteU8((byte)type);
    });

    private static byte[] ContentAad(byte[] groupId, ulong epoch, ContentType type, byte[] authenticatedData) =>
        TlsWriter.Encode(w =>
        {
            w.WriteOpaque(groupId);
            w.WriteU64(epoch);
            w.WriteU8((byte)type);
            w.WriteOpaque(authenticatedData);
        });
}
