namespace Pandora.Cooking.Raw;

/// <summary>One audio packet of a raw recording.</summary>
/// <param name="Track">The track (Ogg serial number).</param>
/// <param name="Granule">The page's granule position as written: for our writer the END of the packet in 48 kHz
/// samples since the start; Craig's and Pandora's recorders store the arrival time there.</param>
/// <param name="Sequence">The page sequence number.</param>
/// <param name="Packet">The Opus packet; a fresh array per packet, owned by the caller.</param>
public readonly record struct RawAudioPacket(int Track, ulong Granule, uint Sequence, ReadOnlyMemory<byte> Packet);
