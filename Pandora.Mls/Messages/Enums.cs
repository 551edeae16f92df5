namespace Pandora.Mls.Messages;

/// <summary>ProposalType (RFC 9420 §17.4).</summary>
public enum ProposalType : ushort
{
    /// <summary>add</summary>
    Add = 1,

    /// <summary>update</summary>
    Update = 2,

    /// <summary>remove</summary>
    Remove = 3,

    /// <summary>psk</summary>
    Psk = 4,

    /// <summary>reinit</summary>
    ReInit = 5,

    /// <summary>external_init</summary>
    ExternalInit = 6,

    /// <summary>group_context_extensions</summary>
    GroupContextExtensions = 7,
}

/// <summary>LeafNodeSource (RFC 9420 §7.2).</summary>
public enum LeafNodeSource : byte
{
    /// <summary>key_package</summary>
    KeyPackage = 1,

    /// <summary>update</summary>
    Update = 2,

    /// <summary>commit</summary>
    Commit = 3,
}

/// <summary>SenderType (RFC 9420 §6).</summary>
public enum SenderType : byte
{
    /// <summary>member</summary>
    Member = 1,

    /// <summary>external</summary>
    External = 2,

    /// <summary>new_member_proposal</summary>
    NewMemberProposal = 3,

    /// <summary>new_member_commit</summary>
    NewMemberCommit = 4,
}

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

/// <summary>WireFormat (RFC 9420 §6, §17.2).</summary>
public enum WireFormat : ushort
{
    /// <summary>mls_public_message</summary>
    PublicMessage = 1,

    /// <summary>mls_private_message</summary>
    PrivateMessage = 2,

    /// <summary>mls_welcome</summary>
    Welcome = 3,

    /// <summary>mls_group_info</summary>
    GroupInfo = 4,

    /// <summary>mls_key_package</summary>
    KeyPackage = 5,
}

/// <summary>ExtensionType values this engine interprets (RFC 9420 §17.3).</summary>
public enum ExtensionType : ushort
{
    /// <summary>application_id</summary>
    ApplicationId = 1,

    /// <summary>ratchet_tree</summary>
    RatchetTree = 2,

    /// <summary>required_capabilities</summary>
    RequiredCapabilities = 3,

    /// <summary>external_pub</summary>
    ExternalPub = 4,

    /// <summary>external_senders</summary>
    ExternalSenders = 5,
}

/// <summary>PSKType (RFC 9420 §8.4).</summary>
public enum PskType : byte
{
    /// <summary>external</summary>
    External = 1,

    /// <summary>resumption</summary>
    Resumption = 2,
}
