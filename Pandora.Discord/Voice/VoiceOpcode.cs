namespace Pandora.Discord.Voice;

/// <summary>Voice gateway v8 opcodes (brief §2.3).</summary>
public enum VoiceOpcode
{
    /// <summary>Identify (send).</summary>
    Identify = 0,

    /// <summary>Select Protocol (send).</summary>
    SelectProtocol = 1,

    /// <summary>Ready (receive): ssrc, ip, port, modes.</summary>
    Ready = 2,

    /// <summary>Heartbeat (send): <c>{t, seq_ack}</c>.</summary>
    Heartbeat = 3,

    /// <summary>Session Description (receive): mode, secret_key, dave_protocol_version.</summary>
    SessionDescription = 4,

    /// <summary>Speaking (both): the SSRC → user map.</summary>
    Speaking = 5,

    /// <summary>Heartbeat ACK (receive).</summary>
    HeartbeatAck = 6,

    /// <summary>Resume (send).</summary>
    Resume = 7,

    /// <summary>Hello (receive): heartbeat_interval.</summary>
    Hello = 8,

    /// <summary>Resumed (receive).</summary>
    Resumed = 9,

    /// <summary>Clients Connect (receive): user_ids.</summary>
    ClientsConnect = 11,

    // 12 video, 14 session update, 15 media sink wants, 16 backend version, 17 channel options,
    // 18 client flags, 19 speed test, 20 client platform: undocumented, ignored.

    /// <summary>Client Disconnect (receive): user_id.</summary>
    ClientDisconnect = 13,

    /// <summary>DAVE Prepare Transition (receive, JSON).</summary>
    DavePrepareTransition = 21,

    /// <summary>DAVE Execute Transition (receive, JSON).</summary>
    DaveExecuteTransition = 22,

    /// <summary>DAVE Transition Ready (send, JSON).</summary>
    DaveTransitionReady = 23,

    /// <summary>DAVE Prepare Epoch (receive, JSON).</summary>
    DavePrepareEpoch = 24,

    /// <summary>DAVE MLS External Sender (receive, binary).</summary>
    DaveMlsExternalSender = 25,

    /// <summary>DAVE MLS Key Package (send, binary).</summary>
    DaveMlsKeyPackage = 26,

    /// <summary>DAVE MLS Proposals (receive, binary).</summary>
    DaveMlsProposals = 27,

    /// <summary>DAVE MLS Commit Welcome (send, binary).</summary>
    DaveMlsCommitWelcome = 28,

    /// <summary>DAVE MLS Announce Commit Transition (receive, binary).</summary>
    DaveMlsAnnounceCommitTransition = 29,

    /// <summary>DAVE MLS Welcome (receive, binary).</summary>
    DaveMlsWelcome = 30,

    /// <summary>DAVE MLS Invalid Commit Welcome (send, JSON).</summary>
    DaveMlsInvalidCommitWelcome = 31,
}
