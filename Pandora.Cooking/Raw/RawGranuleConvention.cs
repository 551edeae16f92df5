namespace Pandora.Cooking.Raw;

/// <summary>What an audio page's granule position marks, in 48 kHz samples since the recording started.</summary>
public enum RawGranuleConvention
{
    /// <summary>
    /// The END of the packet (its first sample plus its duration), as Ogg defines granules and as
    /// <see cref="IRawRecordingWriter"/> writes them.
    /// </summary>
    PacketEnd = 0,

    /// <summary>
    /// The START of the packet. Craig's and Pandora's recorders store the packet's arrival time and Craig's cooker
    /// (cook/oggcorrect.c) lays each packet out from that position, so this reads their recordings the way their
    /// own cooker does. Reading them as <see cref="PacketEnd"/> instead moves every track 20 ms earlier alike.
    /// </summary>
    PacketStart = 1,
}
