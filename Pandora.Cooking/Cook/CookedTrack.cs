namespace Pandora.Cooking.Cook;

/// <summary>One track as cooked.</summary>
/// <param name="Track">Track number (Ogg serial).</param>
/// <param name="Name">The speaker's display name, or "track N" when the users file does not have it.</param>
/// <param name="Samples">Samples per channel at 48 kHz in the output: the whole recording, the same for every
/// track.</param>
/// <param name="Packets">Opus packets placed.</param>
/// <param name="DroppedPackets">Packets wholly covered by earlier audio (duplicates, or sent backwards), dropped.
/// </param>
/// <param name="TrimmedPackets">Packets that overlapped earlier audio and lost their head.</param>
/// <param name="InvalidPackets">Packets with an unusable TOC, a granule past 48 hours, or that the decoder
/// refused; left out (silence).</param>
public sealed record CookedTrack(
    int Track,
    string Name,
    long Samples,
    int Packets,
    int DroppedPackets,
    int TrimmedPackets,
    int InvalidPackets)
{
    public TimeSpan Duration => TimeSpan.FromSeconds(Samples / 48_000.0);
}
