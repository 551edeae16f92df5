namespace Pandora.Discord.Gateway;

/// <summary>Main gateway close codes (Discord "Gateway Close Event Codes").</summary>
public enum GatewayCloseCode
{
    /// <summary>Unknown error: resume.</summary>
    UnknownError = 4000,

    /// <summary>Unknown opcode sent: resume.</summary>
    UnknownOpcode = 4001,

    /// <summary>Decode error: resume.</summary>
    DecodeError = 4002,

    /// <summary>Not authenticated: resume.</summary>
    NotAuthenticated = 4003,

    /// <summary>Authentication failed (bad token): stop.</summary>
    AuthenticationFailed = 4004,

    /// <summary>Already authenticated: resume.</summary>
    AlreadyAuthenticated = 4005,

    // 4006 is no longer used.

    /// <summary>Invalid seq on resume: identify again.</summary>
    InvalidSeq = 4007,

    /// <summary>Rate limited: resume.</summary>
    RateLimited = 4008,

    /// <summary>Session timed out: identify again.</summary>
    SessionTimedOut = 4009,

    /// <summary>Invalid shard: stop.</summary>
    InvalidShard = 4010,

    /// <summary>Sharding required: stop.</summary>
    ShardingRequired = 4011,

    /// <summary>Invalid API version: stop.</summary>
    InvalidApiVersion = 4012,

    /// <summary>Invalid intents: stop.</summary>
    InvalidIntents = 4013,

    /// <summary>Disallowed (unapproved privileged) intents: stop.</summary>
    DisallowedIntents = 4014,
}
