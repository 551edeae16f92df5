using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Pandora.Discord.Voice.Internal;

namespace Pandora.Discord.Voice;

/// <summary>
/// The UDP side: IP discovery, receive loop, keep-alives. The socket survives voice WebSocket resumes.
/// </summary>
public sealed partial class VoiceConnection
{
    private const int DatagramBufferSize = 2048;
    private long _packetFailures;

    /// <summary>
    /// Sends the 74-byte request until a response arrives (UDP is lossy); null after the last attempt.
    /// </summary>
    private async Task<(string Address, int Port)?> DiscoverAsync(string ip, int port, uint ssrc)
    {
        var socket = EnsureUdp(ip, port);
        var request = new byte[IpDiscovery.PacketSize];
        var response = new byte[DatagramBufferSize];
        IpDiscovery.WriteRequest(request, ssrc);
        for (var attempt = 1; attempt <= Timings.DiscoveryAttempts; attempt++)
        {
            await socket.SendAsync(request, SocketFlags.None, _stop.Token).ConfigureAwait(false);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(Timings.DiscoveryTimeout);
            try
            {
                while (true)
                {
                    var n = await socket.ReceiveAsync(response, SocketFlags.None, timeout.Token).ConfigureAwait(false);
                    if (IpDiscovery.TryParseResponse(response.AsSpan(0, n), out _, out var address, out var p))
                    {
                        return (address, p);
                    }
                }
            }
            catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
            {
                Log.VoiceDiscoveryTimeout(_logger, attempt);
            }
            catch (SocketException)
            {
                // ICMP port unreachable on a connected UDP socket: try again.
                Log.VoiceDiscoveryTimeout(_logger, attempt);
            }
        }

        return null;
    }

    /// <summary>One UDP socket per connection, connected to the voice server so that only its datagrams arrive.
    /// A later Ready with a different address (after a full re-identify) replaces it.</summary>
    private Socket EnsureUdp(string ip, int port)
    {
        var remote = new IPEndPoint(IPAddress.Parse(ip), port);
        if (_udp is { } existing && remote.Equals(existing.RemoteEndPoint))
        {
            return existing;
        }

        _udp?.Dispose();
        var socket = new Socket(remote.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(remote.AddressFamily == AddressFamily.InterNetworkV6
            ? IPAddress.IPv6Any
            : IPAddress.Any, 0));
        socket.Connect(remote);
        _udp = socket;
        return socket;
    }

    private void StartUdpLoops()
    {
        if (_udpLoops is not null || _udp is not { } socket)
        {
            return;
        }

        _udpLoops = Task.WhenAll(
            Task.Run(() => ReceiveDatagramsAsync(socket)),
            Task.Run(() => KeepAliveAsync(socket)));
    }

    private async Task ReceiveDatagramsAsync(Socket socket)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(DatagramBufferSize);
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                int n;
                try
                {
                    n = await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token).ConfigureAwait(false);
                }
                catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionRefused
                    or SocketError.ConnectionReset)
                {
                    continue;
                }

                ProcessDatagram(buffer.AsSpan(0, n), Stopwatch.GetTimestamp());
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // Disposed.
        }
        catch (SocketException ex)
        {
            Log.VoiceUdpFailed(_logger, ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Never lets one datagram (or a DAVE hook bug) end the receive loop; logs the first failures.</summary>
    private void ProcessDatagram(ReadOnlySpan<byte> datagram, long receivedAt)
    {
        try
        {
            _receiver.Process(datagram, receivedAt);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var count = Interlocked.Increment(ref _packetFailures);
            if ((count & (count - 1)) == 0)
            {
                Log.VoicePacketFailed(_logger, ex);
            }
        }
    }

    /// <summary>An 8-byte keep-alive every few seconds keeps NAT mappings open; the same timer expires held
    /// packets of SSRCs that never got a user.</summary>
    private async Task KeepAliveAsync(Socket socket)
    {
        var packet = new byte[KeepAlive.Size];
        uint counter = 0;
        var lastKeepAlive = long.MinValue;
        using var timer = new PeriodicTimer(Timings.HoldSweepInterval);
        try
        {
            do
            {
                var now = Stopwatch.GetTimestamp();
                _receiver.ExpireHeld(now);
                if (lastKeepAlive == long.MinValue
                    || Stopwatch.GetElapsedTime(lastKeepAlive, now) >= Timings.KeepAliveInterval)
                {
                    lastKeepAlive = now;
                    KeepAlive.Write(packet, counter++);
                    await socket.SendAsync(packet, SocketFlags.None, _stop.Token).ConfigureAwait(false);
                }
            }
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Disposed, or the network went away; the voice WebSocket notices the latter.
        }
    }
}
