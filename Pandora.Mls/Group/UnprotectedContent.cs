using Pandora.Mls.Messages;

namespace Pandora.Mls.Group;

/// <summary>The decrypted and verified content of a PrivateMessage.</summary>
public sealed record UnprotectedContent(
    FramedContent Content,
    byte[] Signature,
    byte[]? ConfirmationTag,
    uint Generation);
