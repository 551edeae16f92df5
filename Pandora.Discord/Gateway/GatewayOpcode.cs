namespace Pandora.Discord.Gateway;

/// <summary>Main gateway opcodes (Discord "Opcodes and Status Codes", gateway opcodes).</summary>
public enum GatewayOpcode
{
    /// <summary>Dispatch (receive): an event with <c>t</c> and <c>s</c>.</summary>
    Dispatch = 0,

    /// <summary>Heartbeat (send; received = "heartbeat now").</summary>
    Heartbeat = 1,

    /// <summary>Identify (send).</summary>
    Identify = 2,

    /// <summary>Presence Update (send, unused).</summary>
    PresenceUpdate = 3,

    /// <summary>Voice State Update (send).</summary>
    VoiceStateUpdate = 4,

    // 5 is unused by Discord.

    /// <summary>Resume (send).</summary>
    Resume = 6,

    /// <summary>Reconnect (receive): reconnect and resume.</summary>
    Reconnect = 7,

    /// <summary>Request Guild Members (send, unused).</summary>
    RequestGuildMembers = 8,

    /// <summary>Invalid Session (receive); <c>d</c> says whether the session is resumable.</summary>
    InvalidSession = 9,

    /// <summary>Hello (receive): <c>heartbeat_interval</c> in ms.</summary>
    Hello = 10,

    /// <summary>Heartbeat ACK (receive).</summary>
    HeartbeatAck = 11,
}
