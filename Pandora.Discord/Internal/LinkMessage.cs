using System.Net.WebSockets;

namespace Pandora.Discord.Internal;

/// <summary>One whole WebSocket message. <see cref="Data"/> is only valid until the next receive.</summary>
internal readonly record struct LinkMessage(
    WebSocketMessageType Type,
    ReadOnlyMemory<byte> Data,
    int? CloseCode,
    string? CloseReason)
{
    public bool IsClose => Type == WebSocketMessageType.Close;
}
