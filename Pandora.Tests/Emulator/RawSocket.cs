using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Pandora.Tests.Emulator;

/// <summary>A bare JSON-over-WebSocket client for driving the emulator without Pandora.Discord.</summary>
internal sealed class RawSocket : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public static async Task<RawSocket> ConnectAsync(string url)
    {
        var raw = new RawSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await raw._socket.ConnectAsync(new Uri(url), timeout.Token);
        return raw;
    }

    public Task SendAsync(string json) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>Binary messages (DAVE) received while waiting for JSON ones, in order.</summary>
    public Queue<byte[]> Binary { get; } = new();

    /// <summary>
    /// Next JSON message; null when the server closed (see <see cref="CloseStatus"/>). Binary messages met on the
    /// way are queued in <see cref="Binary"/>.
    /// </summary>
    public async Task<JsonElement?> ReceiveAsync(double timeoutSeconds = 5)
    {
        while (await ReceiveFrameAsync(timeoutSeconds) is { } frame)
        {
            if (!frame.Binary)
            {
                using var document = JsonDocument.Parse(frame.Data);
                return document.RootElement.Clone();
            }

            Binary.Enqueue(frame.Data);
        }

        return null;
    }

    /// <summary>Next message, text or binary; null when the server closed.</summary>
    public async Task<(bool Binary, byte[] Data)?> ReceiveFrameAsync(double timeoutSeconds = 5)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        var buffer = new byte[16384];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return (result.MessageType == WebSocketMessageType.Binary, message.ToArray());
            }
        }
    }

    public Task SendBinaryAsync(byte[] data) =>
        _socket.SendAsync(data, WebSocketMessageType.Binary, true, CancellationToken.None);

    /// <summary>Skips messages until one matches; fails on close or timeout.</summary>
    public async Task<JsonElement> ReceiveUntilAsync(Func<JsonElement, bool> match, double timeoutSeconds = 5)
    {
        while (true)
        {
            var message = await ReceiveAsync(timeoutSeconds);
            message.ShouldNotBeNull($"socket closed with {CloseStatus}");
            if (match(message.Value))
            {
                return message.Value;
            }
        }
    }

    public Task<JsonElement> ReceiveDispatchAsync(string eventName, double timeoutSeconds = 5) =>
        ReceiveUntilAsync(m => m.GetProperty("op").GetInt32() == 0 && m.GetProperty("t").GetString() == eventName,
            timeoutSeconds);

    public Task<JsonElement> ReceiveOpAsync(int op, double timeoutSeconds = 5) =>
        ReceiveUntilAsync(m => m.GetProperty("op").GetInt32() == op, timeoutSeconds);

    /// <summary>Reads until the server closes; returns the close code.</summary>
    public async Task<int> ReceiveCloseAsync(double timeoutSeconds = 5)
    {
        while (await ReceiveAsync(timeoutSeconds) is not null)
        {
        }

        return (int)_socket.CloseStatus!.Value;
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // The test is over; the emulator may already be gone.
            }
        }

        _socket.Dispose();
    }
}
