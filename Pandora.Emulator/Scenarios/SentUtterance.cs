using Pandora.Emulator.Speech;

namespace Pandora.Emulator.Scenarios;

/// <summary>What the emulator sent for one utterance.</summary>
/// <param name="UserId">Speaker.</param>
/// <param name="Name">Speaker's user name.</param>
/// <param name="Ssrc">Speaker's SSRC (as announced in voice op 5).</param>
/// <param name="Clip">The speech clip; <see cref="SpeechClip.DecodePcm"/> gives the reference PCM.</param>
/// <param name="FirstPacketSentAt">UTC wall-clock time of the first packet (Stopwatch precision).</param>
/// <param name="FirstRtpTimestamp">RTP timestamp of the first packet (48 kHz clock).</param>
/// <param name="FirstSequence">RTP sequence number of the first packet.</param>
/// <param name="PacketCount">Speech packets scheduled (the five silence frames after it are not counted).</param>
/// <param name="DatagramsSent">Speech and silence datagrams actually sent (after impairments and while a session
/// existed).</param>
public sealed record SentUtterance(
    ulong UserId,
    string Name,
    uint Ssrc,
    SpeechClip Clip,
    DateTimeOffset FirstPacketSentAt,
    uint FirstRtpTimestamp,
    ushort FirstSequence,
    int PacketCount,
    int DatagramsSent)
{
    /// <summary>Decoded reference audio: 48 kHz mono float, 960 samples per packet, no pre-skip trimmed.</summary>
    public float[] DecodeReferencePcm() => Clip.DecodePcm();
}
