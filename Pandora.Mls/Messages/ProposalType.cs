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
