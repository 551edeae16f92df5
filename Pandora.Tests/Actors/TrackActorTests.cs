using Akka.Actor;
using Akka.TestKit.Xunit;
using Pandora.Actors;
using Pandora.Actors.Tracks;
using Pandora.Cooking.Raw;
using Pandora.Discord.Voice;

namespace Pandora.Tests.Actors;

public sealed class TrackActorTests(ITestOutputHelper output) : TestKit("akka.loglevel = INFO", output)
{
    private readonly ManualClock _clock = new();

    private (IActorRef Track, FakeWriter Writer, string Folder) NewTrack()
    {
        var folder = Path.Combine(Path.GetTempPath(), "pandora-track-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var info = new RawRecordingInfo("abc", "k", "d", 11, "alice", DateTimeOffset.UnixEpoch, 1, "g", 2, "v");
        var writer = new FakeWriter(folder, info);
        var settings = new RecorderSettings
        {
            RecordingsFolder = folder,
            ObjectStoreFolder = folder,
            WriterFactory = (_, _) => writer,
            Clock = _clock,
        };
        var timeline = new TrackTimeline(_clock.GetTimestamp(), _clock.TimestampFrequency, settings.ReanchorThreshold);
        var track = Sys.ActorOf(Props.Create(() => new TrackActor(3, writer, timeline, new ReorderQueue(), settings)));
        return (track, writer, folder);
    }

    private VoicePacket Packet(ushort sequence, uint rtp, double ms, byte[]? opus = null) =>
        new(11, 5, sequence, rtp, opus ?? RecorderTestKit.Frame20Ms, _clock.GetTimestamp() + (long)(ms * 1000));

    [Fact]
    public void Stop_writes_everything_and_reports_counters()
    {
        var (track, writer, folder) = NewTrack();
        try
        {
            track.Tell(new Track.Packet(Packet(2, 1960, 40)));
            track.Tell(new Track.Packet(Packet(1, 1000, 41))); // first by RTP, but it came late: 1960 did at 40 ms
            track.Tell(new Track.Packet(Packet(1, 1000, 42))); // duplicate in the window
            track.Tell(new Track.Packet(Packet(3, 2920, 60, opus: [])));
            track.Tell(new Track.Packet(Packet(4, 3880, 80, opus: [0xFB, 0x00])));
            track.Tell(new Track.Packet(Packet(5, 4840, 100)));
            Watch(track);
            track.Tell(Track.Stop.Instance);

            var stopped = ExpectMsg<Track.Stopped>();
            stopped.TrackNumber.ShouldBe(3);
            stopped.Counters.ShouldBe(new TrackCounters(
                Written: 3, Duplicates: 1, Late: 0, Malformed: 2, Reanchors: 0, WriteErrors: 0));
            ExpectTerminated(track);
            // The anchor is the earliest start the packets imply: 1960 ending at 40 ms puts 1000 at 0..20 ms.
            writer.WritesOf(3).Select(w => (w.Rtp, w.Granule)).ShouldBe(
                [(1000u, 960UL), (1960u, 1920UL), (4840u, 4800UL)]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Packet_later_than_the_window_is_dropped_as_late()
    {
        var (track, writer, folder) = NewTrack();
        try
        {
            for (ushort i = 0; i < 12; i++)
            {
                track.Tell(new Track.Packet(Packet((ushort)(i + 10), (uint)(10_000 + (i * 960)), 100 + (i * 20))));
            }

            // Sequence 9 arrives after more than a window's worth of later packets were written.
            track.Tell(new Track.Packet(Packet(9, 10_000 - 960, 400)));
            track.Tell(Track.Stop.Instance);
            var stopped = ExpectMsg<Track.Stopped>();
            stopped.Counters.Late.ShouldBe(1);
            stopped.Counters.Written.ShouldBe(12);
            writer.WritesOf(3).Select(w => w.Granule).ShouldBeInOrder(SortDirection.Ascending);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
