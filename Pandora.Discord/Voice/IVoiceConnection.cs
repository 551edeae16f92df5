using System.Threading.Channels;

namespace Pandora.Discord.Voice;

/// <summary>
/// One voice gateway v8 session plus its UDP socket, receive only. Resumes a dropped voice socket on its own.
/// A new VOICE_SERVER_UPDATE (new token, or a null endpoint) means the owner disposes this connection and makes
/// a new one.
/// </summary>
public interface IVoiceConnection : IAsyncDisposable
{
    /// <summary>Decrypted audio, in arrival order. Single reader.</summary>
    ChannelReader<VoicePacket> Packets { get; }

    /// <summary>Lifecycle and roster events. Single reader.</summary>
    ChannelReader<VoiceEvent> Events { get; }

    /// <summary>Counters of what was received, decrypted and dropped.</summary>
    VoiceStats Stats { get; }

    /// <summary>Opens the voice socket, identifies, discovers the UDP address, selects the protocol and
    /// returns when the session description arrived.</summary>
    Task ConnectAsync(CancellationToken cancellationToken = default);
}

/// <summary>Makes voice connections; the seam between the actors and the network.</summary>
public interface IVoiceConnectionFactory
{
    IVoiceConnection Create(VoiceConnectionInfo info);
}

/// <summary>A snapshot of a voice connection's counters.</summary>
public readonly record struct VoiceStats(
    long PacketsReceived,
    long PacketsDecrypted,
    long DroppedShort,
    long DroppedNotRtp,
    long DroppedDecryptFailed,
    long DroppedUnknownSsrc,
    long MalformedMessages,
    long UnknownOpcodes)
{
    /// <summary>Sequence numbers skipped (forward gaps), summed over SSRCs; late arrivals subtract again.</summary>
    public long PacketsLost { get; init; }

    /// <summary>Packets repeating the newest sequence number of their SSRC (dropped).</summary>
    public long PacketsDuplicate { get; init; }

    /// <summary>Packets older than the newest sequence number of their SSRC (still delivered).</summary>
    public long PacketsOutOfOrder { get; init; }

    /// <summary>Decrypted packets whose padding count was zero or longer than the payload (dropped; also in
    /// <see cref="DroppedDecryptFailed"/>).</summary>
    public long DroppedBadPadding { get; init; }

    /// <summary>RTCP datagrams (ignored).</summary>
    public long IgnoredRtcp { get; init; }

    /// <summary>RTP with another payload type, keep-alive echoes and late IP discovery answers (ignored).</summary>
    public long IgnoredOther { get; init; }

    /// <summary>Packets held because their SSRC had no user yet (released or dropped later).</summary>
    public long PacketsHeld { get; init; }

    /// <summary>DAVE voice gateway messages (ops 21-31, JSON or binary) handed to the DAVE hook.</summary>
    public long DaveMessages { get; init; }

    /// <summary>Successful voice resumes (op 9).</summary>
    public long Resumes { get; init; }

    /// <summary>DAVE counters (frames decrypted, failed and passed through, per speaker and in total; epoch, privacy
    /// code), or null when the connection runs without a <see cref="Dave.DaveSession"/>.</summary>
    public Dave.DaveStats? Dave { get; init; }
}
