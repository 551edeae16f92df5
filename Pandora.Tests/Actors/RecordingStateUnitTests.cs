using Pandora.Actors;
using Pandora.Actors.Recording;
using Pandora.Discord.Gateway;

namespace Pandora.Tests.Actors;

public sealed class RecordingStateUnitTests
{
    private static readonly DiscordUser s_alice = new(11, "alice", "Alice A.", "0", false);

    private static RecordingState NewState() => new(new RecordingRequest(
        1000, "guild", 2000, "voice", s_alice, 1, new Dictionary<ulong, DiscordUser> { [11] = s_alice }));

    [Fact]
    public void Apply_join_requested_forgets_the_previous_session_and_server()
    {
        var state = NewState();
        state.Apply(new RecordingEvents.OwnVoiceStateReceived("s1", 2000));
        state.Apply(new RecordingEvents.VoiceServerReceived("t1", "127.0.0.1:9"));
        state.CanConnect.ShouldBeTrue();

        state.Apply(new RecordingEvents.JoinRequested(2000));

        state.CanConnect.ShouldBeFalse();
        (state.SessionId, state.Token, state.Endpoint).ShouldBe((null, null, null));
        state.Phase.ShouldBe(RecordingPhase.Joining);
    }

    [Fact]
    public void Apply_null_endpoint_blocks_connecting()
    {
        var state = NewState();
        state.Apply(new RecordingEvents.OwnVoiceStateReceived("s1", 2000));
        state.Apply(new RecordingEvents.VoiceServerReceived("t1", null));
        state.CanConnect.ShouldBeFalse();
    }

    [Fact]
    public void Apply_tracks_are_numbered_in_order_and_flushing_is_counted()
    {
        var state = NewState();
        state.NameOf(11).ShouldBe("Alice A.");
        state.NameOf(12).ShouldBe("12");
        state.Apply(new RecordingEvents.TrackAdded(1, 12, "12"));
        state.Apply(new RecordingEvents.TrackAdded(2, 11, "Alice A."));
        state.TryGetTrack(11, out var track).ShouldBeTrue();
        track.ShouldBe(2);
        state.Tracks.ShouldBe([new RecordedTrack(1, 12, "12"), new RecordedTrack(2, 11, "Alice A.")]);

        state.Apply(new RecordingEvents.TrackFlushed(1));
        state.AllTracksFlushed.ShouldBeFalse();
        state.Apply(new RecordingEvents.TrackFlushed(2));
        state.AllTracksFlushed.ShouldBeTrue();
    }

    [Fact]
    public void Apply_disconnect_while_stopping_stays_stopping()
    {
        var state = NewState();
        state.Apply(new RecordingEvents.StopRequested("end", DateTimeOffset.UnixEpoch));
        state.Apply(new RecordingEvents.VoiceDisconnected("stopping"));
        state.Phase.ShouldBe(RecordingPhase.Stopping);
    }
}
