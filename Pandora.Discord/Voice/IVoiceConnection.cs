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
    long UnknownOpcodes);
