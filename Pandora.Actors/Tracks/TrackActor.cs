using Akka.Actor;
using Akka.Event;
using Pandora.Cooking.Raw;
using Pandora.Discord.Voice;

namespace Pandora.Actors.Tracks;

/// <summary>
/// One speaker of one recording. Holds packets for a short reorder window sorted by RTP timestamp (then
/// sequence), drops duplicates, places each packet with <see cref="TrackTimeline"/> and writes it.
/// On <see cref="Track.Stop"/> every queued packet is written before the acknowledgement. Writer failures cost
/// the packet only. If the actor itself is restarted by its supervisor, its timeline survives (it lives in the
/// props), and so does its reorder queue; only the message being handled when it failed is lost.
/// </summary>
public sealed class TrackActor : ReceiveActor, IWithTimers
{
    private readonly int _trackNumber;
    private readonly IRawRecordingWriter _writer;
    private readonly TrackTimeline _timeline;
    private readonly RecorderSettings _settings;
    private readonly long _windowTicks;
    private readonly ReorderQueue _queue;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public TrackActor(
        int trackNumber,
        IRawRecordingWriter writer,
        TrackTimeline timeline,
        ReorderQueue queue,
        RecorderSettings settings)
    {
        _queue = queue;
        _trackNumber = trackNumber;
        _writer = writer;
        _timeline = timeline;
        _settings = settings;
        _windowTicks = (long)(settings.ReorderWindow.TotalSeconds * settings.Clock.TimestampFrequency);
        Receive<Track.Packet>(HandlePacket);
        Receive<Track.Tick>(_ => HandleTick());
        Receive<Track.Stop>(_ => HandleStop());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    internal static Props Props(
        int trackNumber,
        IRawRecordingWriter writer,
        TrackTimeline timeline,
        ReorderQueue queue,
        RecorderSettings settings) =>
        Akka.Actor.Props.Create(() => new TrackActor(trackNumber, writer, timeline, queue, settings));

    protected override void PreStart()
    {
        Timers.StartPeriodicTimer("tick", Track.Tick.Instance, TickPeriod());
    }

    private TimeSpan TickPeriod() =>
        TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(10).Ticks, _settings.ReorderWindow.Ticks / 2));

    private void HandlePacket(Track.Packet message)
    {
        var packet = message.Value;
        var duration = OpusPacket.GetDurationSamples(packet.Opus.Span);
        if (duration < 0)
        {
            _timeline.Counters = _timeline.Counters with { Malformed = _timeline.Counters.Malformed + 1 };
            return;
        }

        if (_queue.LastSsrc is { } ssrc && ssrc != packet.Ssrc)
        {
            // A new SSRC (reconnect) has no RTP relation to the old one: write the old stream out first.
            WriteAll();
        }

        _timeline.Observe(packet, duration);
        if (!_queue.TryEnqueue(new QueuedPacket(packet, duration)))
        {
            _timeline.Counters = _timeline.Counters with { Duplicates = _timeline.Counters.Duplicates + 1 };
            return;
        }

        while (_queue.Count > _settings.ReorderWindowPackets)
        {
            WriteFirst();
        }
    }

    private void HandleTick()
    {
        var now = _settings.Clock.GetTimestamp();
        while (_queue.Count > 0 && now - _queue.First.Packet.ReceivedAt >= _windowTicks)
        {
            WriteFirst();
        }
    }

    private void HandleStop()
    {
        WriteAll();
        Timers.CancelAll();
        Sender.Tell(new Track.Stopped(_trackNumber, _timeline.Counters));
        Context.Stop(Self);
    }

    private void WriteAll()
    {
        while (_queue.Count > 0)
        {
            WriteFirst();
        }
    }

    private void WriteFirst()
    {
        var item = _queue.Dequeue();
        if (!_timeline.TryPlace(item.Packet, item.Duration, out var granule))
        {
            return;
        }

        try
        {
            _writer.WriteAudio(_trackNumber, granule, item.Packet.Opus.Span, item.Packet.Timestamp);
            _timeline.Counters = _timeline.Counters with { Written = _timeline.Counters.Written + 1 };
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A writer failure costs this packet only; the track and the recording go on.
            var errors = _timeline.Counters.WriteErrors + 1;
            _timeline.Counters = _timeline.Counters with { WriteErrors = errors };
            if (errors == 1)
            {
                _log.Warning(ex, "Track {Track}: writing a packet failed; later failures are only counted",
                    _trackNumber);
            }
        }
    }
}
