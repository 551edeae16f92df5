namespace Pandora.Discord.Dave;

/// <summary>What became of one received frame; every value but the first three is a rejection reason.</summary>
public enum DaveFrameResult
{
    /// <summary>Decrypted and authenticated.</summary>
    Decrypted = 0,

    /// <summary>A plain (non-DAVE) frame accepted because the protocol allows pass-through at this moment (version 0
    /// or inside a transition window).</summary>
    PassedThrough = 1,

    /// <summary>The Opus silence frame <c>F8 FF FE</c>, always passed unchanged.</summary>
    Silence = 2,

    /// <summary>Not a DAVE protocol frame (marker, supplemental size, nonce or ranges malformed or truncated) while
    /// pass-through is not allowed.</summary>
    NotProtocolFrame = 10,

    /// <summary>No key ratchet for this sender: unknown user, or we are not (yet) in the group.</summary>
    UnknownSender = 11,

    /// <summary>The frame's generation is older than every key still kept (past its grace period), or further ahead
    /// than the sender could have reached.</summary>
    GenerationOutOfRange = 12,

    /// <summary>The nonce was seen before (replay) or is older than the replay window.</summary>
    Replayed = 13,

    /// <summary>The 8-byte tag did not match under any kept key (wrong key, mutated or forged frame).</summary>
    AuthenticationFailed = 14,
}
