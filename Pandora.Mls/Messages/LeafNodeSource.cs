namespace Pandora.Mls.Messages;

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
