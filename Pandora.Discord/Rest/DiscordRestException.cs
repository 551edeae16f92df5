using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Pandora.Discord.Rest;

/// <summary>A failed REST call. The message names the method, the route template (tokens replaced by placeholders),
/// the status and Discord's error code and text; it never contains the bot or interaction token.</summary>
public sealed class DiscordRestException : Exception
{
    public DiscordRestException(
        DiscordRestErrorKind kind,
        string route,
        HttpStatusCode? status,
        int? discordCode,
        string message,
        Exception? inner = null)
        : base(message, inner)
    {
        Kind = kind;
        Route = route;
        StatusCode = status;
        DiscordCode = discordCode;
    }

    public DiscordRestErrorKind Kind { get; }

    /// <summary>Method and route template, e.g. <c>POST /interactions/{id}/{token}/callback</c>.</summary>
    public string Route { get; }

    public HttpStatusCode? StatusCode { get; }

    /// <summary>Discord's JSON error <c>code</c> when the body had one.</summary>
    public int? DiscordCode { get; }

    [DoesNotReturn]
    internal static void Throw(string route, HttpStatusCode status, int? code, string? text)
    {
        var kind = (int)status switch
        {
            400 => DiscordRestErrorKind.BadRequest,
            401 => DiscordRestErrorKind.Unauthorized,
            403 => DiscordRestErrorKind.Forbidden,
            404 => DiscordRestErrorKind.NotFound,
            429 => DiscordRestErrorKind.RateLimited,
            >= 500 => DiscordRestErrorKind.ServerError,
            _ => DiscordRestErrorKind.Other,
        };
        var detail = code is null ? string.Empty : $", Discord code {code}";
        detail += string.IsNullOrEmpty(text) ? string.Empty : $": {text}";
        var message = $"{route} failed with {(int)status} {status}{detail}";
        throw new DiscordRestException(kind, route, status, code, message);
    }

    [DoesNotReturn]
    internal static void ThrowInvalid(string route, string what, Exception? inner = null) =>
        throw new DiscordRestException(
            DiscordRestErrorKind.InvalidResponse, route, null, null, $"{route}: {what}", inner);
}
