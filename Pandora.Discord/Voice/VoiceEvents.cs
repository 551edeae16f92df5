namespace Pandora.Discord.Voice;

/// <summary>Everything a voice connection needs, taken from VOICE_STATE_UPDATE (own) and VOICE_SERVER_UPDATE.
/// Never reuse one across joins.</summary>
public sealed record VoiceConnectionInfo(
    ulong GuildId,
    ulong ChannelId,
    ulong UserId,
    string SessionId,
    string Token,
    string Endpoint)
{
    /// <summary>Keeps the voice token out of logs and exceptions.</summary>
    public override string ToString() =>
        $"VoiceConnectionInfo {{ GuildId = {GuildId}, ChannelId = {ChannelId}, UserId = {UserId}, " +
        $"Endpoint = {Endpoint} }}";
}

/// <summary>
/// One received Opus frame after transport decryption (and DAVE decryption when active).
/// <see cref="ReceivedAt"/> is <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> at arrival.
/// The <see cref="Opus"/> buffer belongs to the receiver of the packet.
/// </summary>
public readonly record struct VoicePacket(
    ulong UserId,
    uint Ssrc,
    ushort Sequence,
    uint Timestamp,
    ReadOnlyMemory<byte> Opus,
    long ReceivedAt);

/// <summary>Voice connection lifecycle and roster events.</summary>
public abstract record VoiceEvent;

/// <summary>Session Description received: media flows from now on.</summary>
public sealed record VoiceSessionReady(uint OwnSsrc, string Mode, int DaveProtocolVersion) : VoiceEvent;

/// <summary>Op 5 from the server: <paramref name="Ssrc"/> belongs to <paramref name="UserId"/>.</summary>
public sealed record VoiceSpeaking(ulong UserId, uint Ssrc, int Flags) : VoiceEvent;

/// <summary>Op 11.</summary>
public sealed record VoiceClientsConnected(IReadOnlyList<ulong> UserIds) : VoiceEvent;

/// <summary>Op 13.</summary>
public sealed record VoiceClientDisconnected(ulong UserId) : VoiceEvent;

/// <summary>The voice socket dropped and was resumed (op 9): same UDP socket, same keys.</summary>
public sealed record VoiceResumed : VoiceEvent;

/// <summary>The connection ended and will not come back by itself. <paramref name="Rejoin"/> says whether the
/// owner should send op 4 again (discord.js's policy: not after 4014, 4021, 4022).</summary>
public sealed record VoiceClosed(int? CloseCode, string Reason, bool Rejoin) : VoiceEvent;
