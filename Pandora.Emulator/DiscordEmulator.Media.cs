using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Pandora.Emulator.Media;
using Pandora.Emulator.Scenarios;
using Pandora.Emulator.Speech;

namespace Pandora.Emulator;

public sealed partial class DiscordEmulator
{
    /// <summary>The Opus silence frame; five are sent after each utterance (protocol brief §3.5).</summary>
    private static readonly byte[] s_silenceFrame = [0xF8, 0xFF, 0xFE];

    private static readonly long s_frameTicks = Stopwatch.Frequency / 50;

    private readonly Socket _udp;

    private readonly Random _impairmentRandom;

    private long _datagramsSent;
    private long _framesLostInOutage;
    private long _voiceOutageUntil;

    private long _discoveryRequests;

    /// <summary>Media datagrams sent so far (speech, silence, duplicates and junk).</summary>
    public long DatagramsSent => Interlocked.Read(ref _datagramsSent);

    /// <summary>IP discovery requests answered so far.</summary>
    public long DiscoveryRequests => Interlocked.Read(ref _discoveryRequests);

    /// <summary>
    /// Makes a member say a clip now: voice op 5 Speaking (once per voice session), then one encrypted RTP packet per
    /// 20 ms on a Stopwatch schedule, then five silence frames. Joins the member to voice first if needed.
    /// Completes when the last packet is sent. Packets are dropped (but scheduled and counted) while no voice
    /// session is established.
    /// </summary>
    public Task<SentUtterance> SpeakAsync(ulong userId, string clip, CancellationToken cancellationToken = default) =>
        SpeakAtAsync(userId, SpeechClip.Load(clip), Stopwatch.GetTimestamp(), cancellationToken);

    private async Task<SentUtterance> SpeakAtAsync(
        ulong userId,
        SpeechClip clip,
        long startTicks,
        CancellationToken cancellationToken)
    {
        // Join (if the script forgot to) and announce op 5 shortly before the first packet, not earlier.
        await WaitUntilAsync(startTicks - (5 * s_frameTicks), cancellationToken).ConfigureAwait(false);
        await JoinVoiceAsync(userId).ConfigureAwait(false);
        var member = await AnnounceSpeakingAsync(userId).ConfigureAwait(false);

        // A real client's frames leave on its capture clock: the first one goes out on the member's 20 ms RTP
        // grid, so that RTP time and send time agree exactly, as they do for a microphone.
        startTicks = OnMemberGrid(member, startTicks);
        var frames = clip.Packets.Concat(Enumerable.Repeat(s_silenceFrame, 5)).ToArray();
        DateTimeOffset firstAt = default;
        uint firstTimestamp = 0;
        ushort firstSequence = 0;
        var sent = 0;
        for (var i = 0; i < frames.Length; i++)
        {
            var target = startTicks + (i * s_frameTicks);
            await WaitUntilAsync(target, cancellationToken).ConfigureAwait(false);
            ushort sequence;
            uint timestamp;
            lock (_gate)
            {
                sequence = member.Sequence++;

                // The RTP clock runs from the join, silences included: the frame index on the member's 20 ms grid.
                var frameIndex = (long)Math.Round((double)(target - member.ClockStartTicks) / s_frameTicks);
                timestamp = unchecked(member.TimestampBase + (uint)(frameIndex * SpeechClip.SamplesPerFrame));
            }

            if (i == 0)
            {
                firstAt = UtcNow;
                firstTimestamp = timestamp;
                firstSequence = sequence;
            }

            sent += SendMedia(member, sequence, timestamp, frames[i]);
        }

        sent += FlushHeld(member);
        return new SentUtterance(userId, member.Member.Name, member.Ssrc, clip, firstAt, firstTimestamp, firstSequence,
            clip.Packets.Count, sent);
    }

    private async Task<MemberState> AnnounceSpeakingAsync(ulong userId)
    {
        MemberState member;
        VoiceSession? session;
        lock (_gate)
        {
            member = _members[userId];
            session = _voice?.Established == true ? _voice : null;
            if (session is null || member.SpeakingAnnouncedIn == session)
            {
                return member;
            }

            member.SpeakingAnnouncedIn = session;
        }

        var speaking = new JsonObject { ["user_id"] = Id(userId), ["ssrc"] = member.Ssrc, ["speaking"] = 1 };
        await SendVoiceAsync(session, 5, speaking).ConfigureAwait(false);
        return member;
    }

    /// <summary>Seals and sends one frame with the impairments applied; returns the datagrams sent.</summary>
    private long OnMemberGrid(MemberState member, long ticks)
    {
        lock (_gate)
        {
            var offset = Math.Max(0, ticks - member.ClockStartTicks);
            var frames = (offset + s_frameTicks - 1) / s_frameTicks;
            return member.ClockStartTicks + (frames * s_frameTicks);
        }
    }

    private int SendMedia(MemberState member, ushort sequence, uint timestamp, byte[] opus)
    {
        VoiceSession? session;
        lock (_gate)
        {
            session = _voice;
        }

        if (InVoiceOutage)
        {
            // The network between the bot and the voice server is down: the frame is lost, not delayed.
            Interlocked.Increment(ref _framesLostInOutage);
            return 0;
        }

        if (session is not { Established: true, Sealer: { } sealer, Target: { } target })
        {
            return 0;
        }

        // A new voice session (after a server change) learns the SSRC again before or with the first packets.
        if (member.SpeakingAnnouncedIn != session)
        {
            _ = AnnounceSpeakingAsync(member.Member.UserId);
        }

        // With DAVE the member encrypts the frame end to end first (silence stays plain); without a sender key yet
        // (not welcomed, or no transition executed) a real client sends nothing.
        if (session.DaveVersion >= 1)
        {
            var dave = member.Dave?.Seal(opus);
            if (dave is null)
            {
                lock (_gate)
                {
                    member.FramesWithoutKey++;
                }

                return 0;
            }

            opus = dave;
        }

        lock (_gate)
        {
            member.FramesSent++;
        }

        // A session that gets a new Select Protocol or is torn down disposes its sealer under us.
        try
        {
            var packet = sealer.Seal(sequence, timestamp, member.Ssrc, session.NextNonce(), opus);
            return Transmit(member, packet, target);
        }
        catch (ObjectDisposedException)
        {
            return 0;
        }
    }

    /// <summary>Sends a sealed packet through the seeded impairments: junk, loss, reordering, duplicates.</summary>
    private int Transmit(MemberState member, byte[] packet, IPEndPoint target)
    {
        var impairments = _options.Impairments;
        double loss, reorder, duplicate, junk;
        lock (_impairmentRandom)
        {
            (loss, reorder, duplicate, junk) = (_impairmentRandom.NextDouble(), _impairmentRandom.NextDouble(),
                _impairmentRandom.NextDouble(), _impairmentRandom.NextDouble());
        }

        var count = junk < impairments.MalformedRate ? Send(Junk(packet), target) : 0;
        if (loss < impairments.LossRate)
        {
            return count;
        }

        byte[]? held;
        lock (_gate)
        {
            held = member.Held;
            member.Held = null;
            if (held is null && reorder < impairments.ReorderRate)
            {
                member.Held = packet;
                return count;
            }
        }

        count += Send(packet, target);
        count += duplicate < impairments.DuplicateRate ? Send(packet, target) : 0;
        count += held is not null ? Send(held, target) : 0;
        return count;
    }

    private int FlushHeld(MemberState member)
    {
        byte[]? held;
        IPEndPoint? target;
        lock (_gate)
        {
            held = member.Held;
            member.Held = null;
            target = _voice?.Target;
        }

        return held is not null && target is not null ? Send(held, target) : 0;
    }

    private byte[] Junk(byte[] packet)
    {
        int kind;
        lock (_impairmentRandom)
        {
            kind = _impairmentRandom.Next(4);
        }

        var junk = (byte[])packet.Clone();
        switch (kind)
        {
            case 0:
                return junk[..7];                      // shorter than an RTP header
            case 1:
                junk[0] = 0x50;                        // RTP version 1
                return junk;
            case 2:
                junk[^6] ^= 0x5A;                      // tag no longer verifies
                return junk;
            default:
                return [0x80, 0xC8, 0x00, 0x06, .. junk[8..12], .. new byte[20]]; // RTCP sender report
        }
    }

    private int Send(byte[] datagram, IPEndPoint target)
    {
        try
        {
            _udp.SendTo(datagram, target);
            Interlocked.Increment(ref _datagramsSent);
            return 1;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return 0;
        }
    }

    /// <summary>Answers IP discovery; everything else (keep-alives, the bot's own RTP) is ignored.</summary>
    private async Task ReceiveUdpAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[2048];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await _udp.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch (SocketException)
            {
                // ICMP port unreachable from an earlier send shows up here on some platforms: keep going.
                continue;
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }

            // Request: type u16 = 1 | length u16 = 70 | ssrc u32 | address 64 bytes | port u16.
            if (result.ReceivedBytes == 74 && BinaryPrimitives.ReadUInt16BigEndian(buffer) == 1
                && BinaryPrimitives.ReadUInt16BigEndian(buffer.AsSpan(2)) == 70)
            {
                var sender = (IPEndPoint)result.RemoteEndPoint;
                var answer = new byte[74];
                BinaryPrimitives.WriteUInt16BigEndian(answer, 2);
                BinaryPrimitives.WriteUInt16BigEndian(answer.AsSpan(2), 70);
                buffer.AsSpan(4, 4).CopyTo(answer.AsSpan(4));
                Encoding.ASCII.GetBytes(sender.Address.ToString(), answer.AsSpan(8, 63));
                BinaryPrimitives.WriteUInt16BigEndian(answer.AsSpan(72), (ushort)sender.Port);
                Interlocked.Increment(ref _discoveryRequests);
                Send(answer, sender);
                Interlocked.Decrement(ref _datagramsSent);
            }
        }
    }

    /// <summary>
    /// Waits until a Stopwatch tick: sleeps for the bulk, then yields for the last millisecond.
    /// </summary>
    private static async Task WaitUntilAsync(long targetTicks, CancellationToken cancellationToken)
    {
        while (true)
        {
            var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), targetTicks);
            if (remaining <= TimeSpan.Zero)
            {
                return;
            }

            // Timers fire about 1 ms late on Linux: sleep until 1 ms before, then yield (the CPU is shared).
            if (remaining > TimeSpan.FromMilliseconds(1.5))
            {
                await Task.Delay(remaining - TimeSpan.FromMilliseconds(1), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                cancellationToken.ThrowIfCancellationRequested();
                Thread.Yield();
            }
        }
    }
}
