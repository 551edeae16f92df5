namespace Pandora.Mls.Messages;

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
