namespace Pandora.Mls.Messages;

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
