using System.Buffers;
using System.Net.WebSockets;

namespace Pandora.Discord.Internal;

/// <summary>
/// A client WebSocket with a send lock, an optional send rate limit and whole-message receives into one reused
/// buffer. One reader; any number of senders. <see cref="Token"/> is cancelled when the link is closed or aborted.
/// </summary>
internal sealed class WebSocketLink : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _cts;
    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private readonly int _maxMessageBytes;
    private readonly SendWindow? _window;

    private WebSocketLink(int maxMessageBytes, SendWindow? window, CancellationToken stop)
    {
        _maxMessageBytes = maxMessageBytes;
        _window = window;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(stop);
    }

    public CancellationToken Token => _cts.Token;

    public static async Task<WebSocketLink> ConnectAsync(
        Uri uri,
        int maxMessageBytes,
        SendWindow? window,
        TimeSpan timeout,
        CancellationToken stop)
    {
        var link = new WebSocketLink(maxMessageBytes, window, stop);
        try
        {
            using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
            connectTimeout.CancelAfter(timeout);
            await link._socket.ConnectAsync(uri, connectTimeout.Token).ConfigureAwait(false);
            return link;
        }
        catch
        {
            await link.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Sends one message. <paramref name="priority"/> sends (heartbeats) may use the last slots of the
    /// rate window that ordinary sends leave free.</summary>
    public async ValueTask SendAsync(
        ReadOnlyMemory<byte> payload,
        bool priority = false,
        WebSocketMessageType type = WebSocketMessageType.Text,
        CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_cts.Token, cancellationToken);
        await _sendLock.WaitAsync(linked.Token).ConfigureAwait(false);
        try
        {
            if (_window is not null)
            {
                await _window.WaitAsync(priority, linked.Token).ConfigureAwait(false);
            }

            await _socket.SendAsync(payload, type, true, linked.Token).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Reads one whole message. Throws <see cref="InvalidDataException"/> when the peer sends more than
    /// the size limit (checked before the buffer grows).</summary>
    public async ValueTask<LinkMessage> ReceiveAsync()
    {
        _buffer.ResetWrittenCount();
        while (true)
        {
            var memory = _buffer.GetMemory(8 * 1024);
            var result = await _socket.ReceiveAsync(memory, _cts.Token).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return new LinkMessage(result.MessageType, default, (int?)_socket.CloseStatus,
                    _socket.CloseStatusDescription);
            }

            if (_buffer.WrittenCount + result.Count > _maxMessageBytes)
            {
                throw new InvalidDataException($"WebSocket message larger than {_maxMessageBytes} bytes");
            }

            _buffer.Advance(result.Count);
            if (result.EndOfMessage)
            {
                return new LinkMessage(result.MessageType, _buffer.WrittenMemory, null, null);
            }
        }
    }

    /// <summary>Sends a close frame (best effort, bounded by <paramref name="timeout"/>), then aborts and cancels
    /// <see cref="Token"/>. Safe to call more than once and from any thread.</summary>
    public async Task CloseAsync(int code, string reason, TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            if (await _sendLock.WaitAsync(timeout).ConfigureAwait(false))
            {
                try
                {
                    if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                    {
                        await _socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, limit.Token)
                            .ConfigureAwait(false);
                    }
                }
                finally
                {
                    _sendLock.Release();
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer is gone or slow: the abort below ends the connection either way.
        }

        Abort();
    }

    public void Abort()
    {
        try
        {
            _cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        _socket.Abort();
    }

    public ValueTask DisposeAsync()
    {
        Abort();
        _socket.Dispose();
        _cts.Dispose();
        return ValueTask.CompletedTask;
    }
}
