namespace Pandora.Discord.Voice;

/// <summary>Thrown by <see cref="IVoiceConnection.ConnectAsync"/> when the voice connection closed (or was disposed)
/// before the session description arrived. Never contains the voice token, session id or key.</summary>
public sealed class DiscordVoiceException : Exception
{
    public DiscordVoiceException(int? closeCode, string reason, bool rejoin)
        : base($"The voice connection closed (code {closeCode?.ToString() ?? "none"}): {reason}")
    {
        CloseCode = closeCode;
        Rejoin = rejoin;
    }

    public int? CloseCode { get; }

    /// <summary>Whether joining again through the main gateway (op 4) is worth it.</summary>
    public bool Rejoin { get; }
}
