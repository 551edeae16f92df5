namespace Pandora.Discord.Dave;

/// <summary>Frame counters of one speaker.</summary>
/// <param name="Decrypted">Frames decrypted and authenticated.</param>
/// <param name="Failed">Frames dropped: not decryptable, replayed, unknown sender, or plain where not allowed.</param>
/// <param name="PassedThrough">Plain frames accepted (protocol version 0 or a transition window) and silence
/// frames.</param>
public readonly record struct DaveSpeakerStats(long Decrypted, long Failed, long PassedThrough);
