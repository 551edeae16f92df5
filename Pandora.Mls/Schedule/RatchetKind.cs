namespace Pandora.Mls.Schedule;

/// <summary>Which ratchet of a leaf (RFC 9420 §9).</summary>
public enum RatchetKind
{
    /// <summary>handshake</summary>
    Handshake,

    /// <summary>application</summary>
    Application,
}
