namespace Pandora.Discord.Voice.Internal;

/// <summary>What a received UDP datagram is (brief §3.2).</summary>
internal enum DatagramKind
{
    /// <summary>Fewer than 12 bytes and not a keep-alive echo.</summary>
    Short = 0,

    /// <summary>An IP discovery response: type 2, 74 bytes.</summary>
    IpDiscovery = 1,

    /// <summary>An 8-byte keep-alive echo.</summary>
    KeepAlive = 2,

    /// <summary>RTCP (payload byte 200 SR, 201 RR, 202 SDES, 203 BYE, 204 APP).</summary>
    Rtcp = 3,

    /// <summary>Not RTP version 2.</summary>
    NotRtp = 4,

    /// <summary>RTP with a payload type other than 120 (video and the like).</summary>
    OtherPayload = 5,

    /// <summary>RTP Opus audio, payload type 120 (0x78), marker bit either way.</summary>
    Audio = 6,
}
