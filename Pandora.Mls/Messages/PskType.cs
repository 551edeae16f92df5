namespace Pandora.Mls.Messages;

/// <summary>PSKType (RFC 9420 §8.4).</summary>
public enum PskType : byte
{
    /// <summary>external</summary>
    External = 1,

    /// <summary>resumption</summary>
    Resumption = 2,
}
