using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Pandora.Tests.Discord.Fakes;

/// <summary>The server side of one accepted WebSocket.</summary>
internal sealed class FakeSocket(WebSocket socket, string path, string query)
{
    private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _sendLock = new(1, 1);

    public string Path { get; } = path;

    public string Query { get; } = query;

    /// <summary>The close code the client sent, once <see cref="ReceiveAsync"/> saw its close frame.</summary>
    public int? ClientCloseCode { get; private set; }

    public Task Finished => _finished.Task;

    public async Task SendAsync(string json)
    {
        await _sendLock.WaitAsync();
        try
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, default);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public async Task SendBinaryAsync(byte[] data)
    {
        await _sendLock.WaitAsync();
        try
        {
            await socket.SendAsync(data, WebSocketMessageType.Binary, true, default);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>The next text message as JSON, or null when the client closed or the socket broke.</summary>
    public async Task<JsonElement?> ReceiveAsync(TimeSpan? timeout = null)
    {
        while (await ReceiveFrameAsync(timeout) is var (type, data))
        {
            if (type == WebSocketMessageType.Text)
            {
                using var doc = JsonDocument.Parse(data);
                return doc.RootElement.Clone();
            }
        }

        return null;
    }

    /// <summary>The next whole message of any type, or null when the client closed or the socket broke.</summary>
    public async Task<(WebSocketMessageType Type, byte[] Data)?> ReceiveFrameAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        var buffer = new byte[64 * 1024];
        var length = 0;
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(length), cts.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    ClientCloseCode = (int?)socket.CloseStatus;
                    _finished.TrySetResult();
                    return null;
                }

                length += result.Count;
                if (result.EndOfMessage)
                {
                    return (result.MessageType, buffer[..length]);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            _finished.TrySetResult();
            return null;
        }
    }

    /// <summary>
    /// Skips messages until one with <paramref name="op"/> arrives; throws when the socket ends first.
    /// </summary>
    public async Task<JsonElement> ReceiveOpAsync(int op, TimeSpan? timeout = null)
    {
        while (true)
        {
            var message = await ReceiveAsync(timeout)
                ?? throw new InvalidOperationException($"socket ended before op {op}");
            if (message.GetProperty("op").GetInt32() == op)
            {
                return message;
            }
        }
    }

    /// <summary>Reads until the client closes or the socket breaks; returns the client's close code, if any.
    /// </summary>
    public async Task<int?> ReceiveUntilClosedAsync(TimeSpan? timeout = null)
    {
        while (await ReceiveAsync(timeout) is not null)
        {
        }

        return ClientCloseCode;
    }

    public async Task CloseAsync(int code, string reason)
    {
        try
        {
            await socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, default);
        }
        catch (WebSocketException)
        {
            // Already gone.
        }

        _finished.TrySetResult();
    }

    /// <summary>Drops the TCP connection without a close frame (what the client sees as an abnormal closure).</summary>
    public void Abort()
    {
        if (_finished.Task.IsCompleted)
        {
            return;
        }

        try
        {
            socket.Abort();
        }
        catch (ObjectDisposedException)
        {
            // The request already ended.
        }

        _finished.TrySetResult();
    }
}
