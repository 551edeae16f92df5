using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Pandora.Emulator.Internal;

/// <summary>
/// One accepted WebSocket with serialised sends. Send failures are swallowed: callers buffer what matters.
/// </summary>
internal sealed class WebSocketPeer
{
    /// <summary>
    /// Largest client message accepted (Discord's limit for gateway payloads is 4096 bytes; be generous).
    /// </summary>
    public const int MaxMessageSize = 64 * 1024;

    private readonly SemaphoreSlim _sendLock = new(1, 1);

    public WebSocketPeer(WebSocket socket, HttpContext context)
    {
        Socket = socket;
        Context = context;
    }

    public WebSocket Socket { get; }

    public HttpContext Context { get; }

    /// <summary>Stopwatch ticks of the last heartbeat received (or of the accept).</summary>
    public long LastHeartbeatTicks { get; set; } = System.Diagnostics.Stopwatch.GetTimestamp();

    /// <summary>
    /// Closes the socket with <paramref name="code"/> when no heartbeat arrived for 1.5 intervals plus a second
    /// of slack, as Discord does with zombie connections. Ends when the socket is no longer open.
    /// </summary>
    public async Task WatchHeartbeatsAsync(double intervalMs, int code, CancellationToken cancellationToken)
    {
        var limit = TimeSpan.FromMilliseconds((1.5 * intervalMs) + 1000);
        var period = TimeSpan.FromMilliseconds(Math.Clamp(intervalMs / 4, 20, 1000));
        try
        {
            while (Socket.State == WebSocketState.Open)
            {
                await Task.Delay(period, cancellationToken).ConfigureAwait(false);
                if (System.Diagnostics.Stopwatch.GetElapsedTime(LastHeartbeatTicks) > limit)
                {
                    await CloseAsync(code, "Heartbeat timed out.").ConfigureAwait(false);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Emulator stopping.
        }
    }

    /// <summary>
    /// Receives one whole message; null when the peer closed or the socket broke; throws on oversize.
    /// </summary>
    public async Task<(WebSocketMessageType Type, byte[] Data)?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await Socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                message.Write(buffer, 0, result.Count);
                if (message.Length > MaxMessageSize)
                {
                    throw new InvalidDataException("Message too large.");
                }

                if (result.EndOfMessage)
                {
                    return (result.MessageType, message.ToArray());
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException
                                      or IOException or Microsoft.AspNetCore.Connections.ConnectionAbortedException)
        {
            return null;
        }
    }

    /// <summary>Sends a text message; false when the socket is gone.</summary>
    public async Task<bool> SendTextAsync(string json)
    {
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (Socket.State != WebSocketState.Open)
            {
                return false;
            }

            var bytes = Encoding.UTF8.GetBytes(json);
            await Socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None)
                .ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or IOException
                                      or OperationCanceledException)
        {
            return false;
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends a binary message; false when the socket is gone.</summary>
    public async Task<bool> SendBinaryAsync(byte[] data)
    {
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (Socket.State != WebSocketState.Open)
            {
                return false;
            }

            await Socket.SendAsync(data, WebSocketMessageType.Binary, true, CancellationToken.None)
                .ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or IOException
                                      or OperationCanceledException)
        {
            return false;
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Sends a close frame with a Discord close code and does not wait for the answer.</summary>
    public async Task CloseAsync(int code, string reason)
    {
        await _sendLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (Socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await Socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, CancellationToken.None)
                    .ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or IOException
                                      or OperationCanceledException)
        {
            // Already gone: nothing to close.
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Drops the connection without a close frame (the client sees an abnormal closure, 1006).</summary>
    public void Abort()
    {
        Socket.Abort();
        try
        {
            Context.Abort();
        }
        catch (ObjectDisposedException)
        {
            // The request already ended: the connection is gone anyway.
        }
    }
}
