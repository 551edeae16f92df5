using Pandora.Actors.Tracks;
using Pandora.Discord.Voice;

namespace Pandora.Tests.Actors;

public sealed class TrackTimelineUnitTests
{
    private const long Start = 1_000_000;
    private const long Frequency = 1_000_000; // microseconds

    private static TrackTimeline NewTimeline() => new(Start, Frequency, TimeSpan.FromSeconds(1));

    private static VoicePacket At(double milliseconds, uint rtp, uint ssrc = 7, ushort sequence = 0) =>
        new(11, ssrc, sequence, rtp, new byte[] { 0xF8 }, Start + (long)(milliseconds * 1000));

    private static ulong Place(TrackTimeline timeline, VoicePacket packet)
    {
        timeline.TryPlace(packet, 960, out var granule).ShouldBeTrue();
        return granule;
    }

    [Fact]
    public void TryPlace_first_packet_ends_at_its_arrival_time()
    {
        var timeline = NewTimeline();
        Place(timeline, At(3000, 123_456)).ShouldBe(3UL * 48000);
    }

    [Fact]
    public void Observe_delayedFirstPacket_anchorsOnTheEarliestImpliedStart()
    {
        var timeline = NewTimeline();

        // The first packet is held up 15 ms; the next three arrive on time (20 ms apart in RTP and in reality).
        VoicePacket[] packets = [At(1015, 5_000), At(1020, 5_960), At(1040, 6_920), At(1060, 7_880)];
        foreach (var packet in packets)
        {
            timeline.Observe(packet, 960);
        }

        Place(timeline, packets[0]).ShouldBe(48000UL);
        Place(timeline, packets[1]).ShouldBe(48960UL);
    }

    [Fact]
    public void Observe_packetFromAnotherSsrc_startsAFreshCandidate()
    {
        var timeline = NewTimeline();
        timeline.Observe(At(1000, 5_000, ssrc: 1), 960);
        timeline.Observe(At(2000, 900_000, ssrc: 2), 960);

        Place(timeline, At(2000, 900_000, ssrc: 2)).ShouldBe(96000UL);
    }

    [Fact]
    public void TryPlace_first_packet_at_recording_start_is_not_negative()
    {
        Place(NewTimeline(), At(5, 42)).ShouldBe(960UL);
    }

    [Fact]
    public void TryPlace_lost_packet_leaves_a_gap_and_later_packets_keep_rtp_time()
    {
        var timeline = NewTimeline();
        Place(timeline, At(1000, 10_000)).ShouldBe(48000UL);
        Place(timeline, At(1020, 10_960)).ShouldBe(48960UL);

        // 11 920 is lost; the next packet arrives late (jitter) but still sits at its RTP time.
        Place(timeline, At(1090, 12_880)).ShouldBe(48960UL + 1920);
        Place(timeline, At(1095, 13_840)).ShouldBe(48960UL + 2880);
    }

    [Fact]
    public void TryPlace_rtp_wraps_around()
    {
        var timeline = NewTimeline();
        Place(timeline, At(1000, uint.MaxValue - 479)).ShouldBe(48000UL);
        Place(timeline, At(1020, 480)).ShouldBe(48960UL);
    }

    [Fact]
    public void TryPlace_duplicate_is_refused_and_counted()
    {
        var timeline = NewTimeline();
        Place(timeline, At(1000, 10_000));
        timeline.TryPlace(At(1001, 10_000), 960, out _).ShouldBeFalse();
        timeline.Counters.Duplicates.ShouldBe(1);
    }

    [Fact]
    public void TryPlace_clock_reset_reanchors_on_arrival_without_overlap()
    {
        var timeline = NewTimeline();
        Place(timeline, At(1000, 10_000));

        // The sender's RTP clock jumped far back: arrival time wins.
        Place(timeline, At(5000, 5)).ShouldBe(5UL * 48000);
        timeline.Counters.Reanchors.ShouldBe(1);
        Place(timeline, At(5020, 965)).ShouldBe(5UL * 48000 + 960);
    }

    [Fact]
    public void TryPlace_new_ssrc_reanchors_but_never_before_what_was_written()
    {
        var timeline = NewTimeline();
        Place(timeline, At(1000, 10_000));
        Place(timeline, At(1020, 10_960)).ShouldBe(48960UL);

        // New SSRC whose arrival time would overlap the last packet: it starts where the last one ended.
        Place(timeline, At(1010, 777, ssrc: 8)).ShouldBe(48960UL + 960);
    }
}
