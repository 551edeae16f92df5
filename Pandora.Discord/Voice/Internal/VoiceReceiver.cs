using System.Buffers;
using System.Diagnostics;
using System.Threading.Channels;
using Pandora.Discord.Crypto;

namespace Pandora.Discord.Voice.Internal;

/// <summary>
/// Turns datagrams into <see cref="VoicePacket"/>s: classify, parse, transport-decrypt, strip extension body and
/// padding, track sequences, map SSRC to user (holding unknown SSRCs briefly), DAVE hook. Thread safe: the UDP loop
/// calls <see cref="Process"/>, the WebSocket loop maps SSRCs. Logs nothing per packet.
/// </summary>
internal sealed partial class VoiceReceiver : IDisposable
{
    public const int MaxHeldPerSsrc = 50;
    public static readonly TimeSpan HoldTime = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<uint, ulong> _users = [];
    private readonly Dictionary<uint, SsrcTrack> _tracks = [];
    private readonly Dictionary<uint, Queue<VoicePacket>> _held = [];
    private readonly ChannelWriter<VoicePacket> _output;
    private readonly IDaveSessionHook _dave;
    private TransportCipher? _cipher;

    public VoiceReceiver(ChannelWriter<VoicePacket> output, IDaveSessionHook dave)
    {
        _output = output;
        _dave = dave;
    }

    /// <summary>Installs the session key (op 4). The receiver owns and disposes the cipher.</summary>
    public void SetCipher(TransportCipher cipher)
    {
        lock (_gate)
        {
            _cipher?.Dispose();
            _cipher = cipher;
        }
    }

    /// <summary>Op 5: releases held packets of <paramref name="ssrc"/> in arrival order.</summary>
    public void MapSsrc(uint ssrc, ulong userId)
    {
        lock (_gate)
        {
            _users[ssrc] = userId;
            if (_held.Remove(ssrc, out var queue))
            {
                while (queue.TryDequeue(out var packet))
                {
                    Deliver(packet with { UserId = userId });
                }
            }
        }
    }

    /// <summary>Op 13: forgets the user's SSRCs.</summary>
    public void RemoveUser(ulong userId)
    {
        lock (_gate)
        {
            foreach (var ssrc in _users.Where(p => p.Value == userId).Select(p => p.Key).ToList())
            {
                _users.Remove(ssrc);
                _tracks.Remove(ssrc);
            }
        }
    }

    /// <summary>Drops held packets older than <see cref="HoldTime"/>.</summary>
    public void ExpireHeld(long now)
    {
        lock (_gate)
        {
            ExpireHeldLocked(now);
        }
    }

    public void Process(ReadOnlySpan<byte> datagram, long receivedAt)
    {
        Interlocked.Increment(ref _packetsReceived);
        if (!Admit(datagram, out var header))
        {
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(datagram.Length);
        try
        {
            if (TryOpen(datagram, header, buffer, out var start, out var length))
            {
                Accept(header, buffer.AsSpan(start, length), receivedAt);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _cipher?.Dispose();
            _cipher = null;
        }
    }

    private bool Admit(ReadOnlySpan<byte> datagram, out RtpHeader header)
    {
        header = default;
        switch (DatagramClassifier.Classify(datagram))
        {
            case DatagramKind.Audio:
                break;
            case DatagramKind.Short:
                Interlocked.Increment(ref _droppedShort);
                return false;
            case DatagramKind.NotRtp:
                Interlocked.Increment(ref _droppedNotRtp);
                return false;
            case DatagramKind.Rtcp:
                Interlocked.Increment(ref _ignoredRtcp);
                return false;
            default:
                Interlocked.Increment(ref _ignoredOther);
                return false;
        }

        if (!RtpHeader.TryParse(datagram, out header) || datagram.Length < header.Length + TransportCipher.Overhead)
        {
            Interlocked.Increment(ref _droppedShort);
            return false;
        }

        return true;
    }

    /// <summary>Decrypts and strips the extension body (RFC 8285 elements, encrypted in rtpsize modes) and the
    /// padding (RFC 3550 §5.1: the last byte counts the padding bytes, itself included).</summary>
    private bool TryOpen(ReadOnlySpan<byte> datagram, RtpHeader header, byte[] buffer, out int start, out int length)
    {
        start = 0;
        length = 0;
        var cipher = Volatile.Read(ref _cipher);
        if (cipher is null || !cipher.TryDecrypt(datagram, header.Length, buffer, out var written))
        {
            Interlocked.Increment(ref _droppedDecryptFailed);
            return false;
        }

        start = 4 * header.ExtensionWords;
        var end = written;
        if (header.Padding)
        {
            var pad = written > 0 ? buffer[written - 1] : 0;
            end = written - pad;
            if (pad == 0 || end < start)
            {
                Interlocked.Increment(ref _droppedBadPadding);
                Interlocked.Increment(ref _droppedDecryptFailed);
                return false;
            }
        }

        if (start > end)
        {
            Interlocked.Increment(ref _droppedDecryptFailed);
            return false;
        }

        Interlocked.Increment(ref _packetsDecrypted);
        length = end - start;
        return true;
    }

    private void Accept(RtpHeader header, ReadOnlySpan<byte> frame, long receivedAt)
    {
        lock (_gate)
        {
            if (!Track(header))
            {
                return;
            }

            // The consumer owns the Opus buffer, so it gets its own exact-size copy (one small allocation per packet).
            var opus = frame.ToArray();
            var packet = new VoicePacket(0, header.Ssrc, header.Sequence, header.Timestamp, opus, receivedAt);
            if (_users.TryGetValue(header.Ssrc, out var userId))
            {
                Deliver(packet with { UserId = userId });
                return;
            }

            Hold(packet);
        }
    }

    private bool Track(RtpHeader header)
    {
        var first = !_tracks.TryGetValue(header.Ssrc, out var track);
        if (first)
        {
            track = new SsrcTrack();
            _tracks[header.Ssrc] = track;
        }

        var verdict = track!.Observe(header.Sequence, header.Timestamp, first);
        switch (verdict)
        {
            case SequenceVerdict.Duplicate:
                Interlocked.Increment(ref _duplicate);
                return false;
            case SequenceVerdict.OutOfOrder:
                Interlocked.Increment(ref _outOfOrder);
                Interlocked.Decrement(ref _lost);
                return true;
            case > SequenceVerdict.InOrder:
                Interlocked.Add(ref _lost, (int)verdict - 1);
                return true;
            default:
                return true;
        }
    }

    private void Hold(VoicePacket packet)
    {
        if (_held.Count > 0)
        {
            ExpireHeldLocked(packet.ReceivedAt);
        }

        if (!_held.TryGetValue(packet.Ssrc, out var queue))
        {
            queue = new Queue<VoicePacket>();
            _held[packet.Ssrc] = queue;
        }

        if (queue.Count >= MaxHeldPerSsrc)
        {
            queue.Dequeue();
            Interlocked.Increment(ref _droppedUnknownSsrc);
        }

        queue.Enqueue(packet);
        Interlocked.Increment(ref _packetsHeld);
    }

    private void ExpireHeldLocked(long now)
    {
        var limit = now - (long)(HoldTime.TotalSeconds * Stopwatch.Frequency);
        List<uint>? empty = null;
        foreach (var (ssrc, queue) in _held)
        {
            while (queue.TryPeek(out var oldest) && oldest.ReceivedAt < limit)
            {
                queue.Dequeue();
                Interlocked.Increment(ref _droppedUnknownSsrc);
            }

            if (queue.Count == 0)
            {
                (empty ??= []).Add(ssrc);
            }
        }

        empty?.ForEach(s => _held.Remove(s));
    }

    private void Deliver(VoicePacket packet)
    {
        ReadOnlyMemory<byte> opus;
        try
        {
            if (!_dave.TryDecryptFrame(packet.UserId, packet.Opus, out opus))
            {
                Interlocked.Increment(ref _droppedDecryptFailed);
                return;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A DAVE hook failure costs this packet only (counted as a decrypt failure).
            Interlocked.Increment(ref _droppedDecryptFailed);
            return;
        }

        _output.TryWrite(packet with { Opus = opus });
    }
}
