namespace Pandora.Mls.Messages;

/// <summary>ContentType (RFC 9420 §6).</summary>
public enum ContentType : byte
{
    /// <summary>application</summary>
    Application = 1,

    /// <summary>proposal</summary>
    Proposal = 2,

    /// <summary>commit</summary>
    Commit = 3,
}
