namespace Pandora.Discord.Rest;

/// <summary>Why a REST call failed; callers switch on this instead of parsing messages.</summary>
public enum DiscordRestErrorKind
{
    /// <summary>
    /// 400: the request was malformed (JSON error code in <see cref="DiscordRestException.DiscordCode"/>).
    /// </summary>
    BadRequest = 1,

    /// <summary>401: the token is wrong.</summary>
    Unauthorized = 2,

    /// <summary>403: missing permissions.</summary>
    Forbidden = 3,

    /// <summary>404: unknown channel, interaction, webhook...</summary>
    NotFound = 4,

    /// <summary>429 more often than the client is willing to retry.</summary>
    RateLimited = 5,

    /// <summary>5xx.</summary>
    ServerError = 6,

    /// <summary>A success status with a body that could not be understood.</summary>
    InvalidResponse = 7,

    /// <summary>Any other status.</summary>
    Other = 8,
}
