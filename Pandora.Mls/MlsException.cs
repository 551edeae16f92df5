using System.Diagnostics.CodeAnalysis;

namespace Pandora.Mls;

/// <summary>Which check failed; callers branch on this, never on the message text.</summary>
public enum MlsErrorKind
{
    /// <summary>Input ended before a field was complete.</summary>
    Truncated = 1,

    /// <summary>A variable-length prefix was not the shortest form (RFC 9420 §2.1.2) or used the reserved
    /// 0b11.</summary>
    NonMinimalLength = 2,

    /// <summary>A declared length exceeds the remaining input or a sanity cap.</summary>
    LengthOutOfRange = 3,

    /// <summary>Bytes were left over after a structure that must fill its container.</summary>
    TrailingData = 4,

    /// <summary>An enum or tag value is not one this implementation accepts.</summary>
    InvalidValue = 5,

    /// <summary>Protocol version or cipher suite is not MLS 1.0 / suite 2.</summary>
    UnsupportedVersionOrSuite = 6,

    /// <summary>A signature (SignWithLabel) did not verify.</summary>
    BadSignature = 10,

    /// <summary>A membership tag did not match.</summary>
    BadMembershipTag = 11,

    /// <summary>A confirmation tag did not match.</summary>
    BadConfirmationTag = 12,

    /// <summary>An AEAD or HPKE ciphertext did not open.</summary>
    DecryptionFailed = 13,

    /// <summary>A public key is not a valid uncompressed P-256 point, or a private key is out of range.</summary>
    BadKey = 14,

    /// <summary>The tree hash does not match the value in the group context.</summary>
    BadTreeHash = 20,

    /// <summary>A parent node is not parent-hash valid (RFC 9420 §7.9.2), or a leaf's parent_hash is wrong.</summary>
    BadParentHash = 21,

    /// <summary>Unmerged leaves are inconsistent (RFC 9420 §7.8).</summary>
    BadUnmergedLeaves = 22,

    /// <summary>A tree is malformed (wrong node types at positions, no leaves, bad size).</summary>
    MalformedTree = 23,

    /// <summary>A derived key pair does not match the public key in the tree.</summary>
    PathKeyMismatch = 24,

    /// <summary>A leaf node failed validation (source, keys reused, credential).</summary>
    BadLeafNode = 25,

    /// <summary>The group id does not match.</summary>
    WrongGroup = 30,

    /// <summary>The epoch does not match the current epoch.</summary>
    WrongEpoch = 31,

    /// <summary>The sender is not a valid member or external sender.</summary>
    BadSender = 32,

    /// <summary>A proposal is invalid or not allowed here.</summary>
    BadProposal = 33,

    /// <summary>A proposal reference names no cached proposal.</summary>
    UnknownProposalRef = 34,

    /// <summary>A commit is invalid (missing path where required, wrong content, etc.).</summary>
    BadCommit = 35,

    /// <summary>No entry of a Welcome is for us, or our leaf is not in the tree.</summary>
    NotForUs = 36,

    /// <summary>A pre-shared key named by the group is not known locally.</summary>
    UnknownPsk = 37,

    /// <summary>The wire format is not the one expected here.</summary>
    WrongWireFormat = 38,

    /// <summary>The local member was removed from the group.</summary>
    Removed = 39,
}

/// <summary>Every failure of the MLS engine. Peer-sent data never produces any other exception type.</summary>
public sealed class MlsException : Exception
{
    public MlsException(MlsErrorKind kind, string message)
        : base(message) => Kind = kind;

    public MlsException(MlsErrorKind kind, string message, Exception inner)
        : base(message, inner) => Kind = kind;

    /// <summary>The check that failed.</summary>
    public MlsErrorKind Kind { get; }

    [DoesNotReturn]
    internal static void Throw(MlsErrorKind kind, string message) => throw new MlsException(kind, message);

    internal static void ThrowIf([DoesNotReturnIf(true)] bool condition, MlsErrorKind kind, string message)
    {
        if (condition)
        {
            throw new MlsException(kind, message);
        }
    }
}
