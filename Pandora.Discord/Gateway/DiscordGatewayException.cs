namespace Pandora.Discord.Gateway;

/// <summary>Thrown by <see cref="IGatewayClient.StartAsync"/> when the gateway stopped before READY, and by sends
/// after the client stopped. Never contains the token or the session id.</summary>
public sealed class DiscordGatewayException : Exception
{
    public DiscordGatewayException(int? closeCode, string message)
        : base(message)
    {
        CloseCode = closeCode;
    }

    /// <summary>The close code that stopped the gateway, when one did.</summary>
    public int? CloseCode { get; }
}
