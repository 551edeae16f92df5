using Akka.Actor;
using Pandora.Actors;
using Pandora.Actors.Controller;
using Pandora.Discord.Gateway;
using Pandora.Discord.Voice;
using ControllerProtocol = Pandora.Actors.Controller.Controller;

namespace Pandora.Tests.Actors;

public sealed class RecordingFlowIntegrationTests(ITestOutputHelper output) : RecorderTestKit(output)
{
    [Fact]
    public void Ready_registers_record_and_end_globally()
    {
        StartController();
        AwaitCall(c => c == $"overwrite {ApplicationId} global record,end");
    }

    [Fact]
    public void Ready_with_interactions_disabled_registers_nothing()
    {
        Settings = Settings with { DisableInteractions = true };
        StartController();
        Gateway.Push(new MessageCreateEvent(1, TextChannelId, GuildId, Alice, "!end"));
        AwaitCall(c => c.StartsWith("message", StringComparison.Ordinal));
        Rest.Calls.ShouldNotContain(c => c.StartsWith("overwrite", StringComparison.Ordinal));
    }

    [Fact]
    public void Record_interaction_with_interactions_disabled_is_not_answered()
    {
        Settings = Settings with { DisableInteractions = true };
        StartController();
        PushInteraction("record", Alice);
        Gateway.Push(new MessageCreateEvent(2, TextChannelId, GuildId, Alice, "!end"));

        // The text command is answered; the interaction before it was neither deferred nor acted on.
        AwaitCall(c => c.StartsWith("message", StringComparison.Ordinal));
        Rest.Calls.ShouldNotContain(c => c.StartsWith("defer", StringComparison.Ordinal));
        Gateway.VoiceStateCalls.ShouldBeEmpty();
    }

    [Fact]
    public void Record_interaction_defers_joins_then_connects_after_both_voice_events()
    {
        var started = CreateTestProbe();
        Sys.EventStream.Subscribe(started, typeof(RecordingStarted));
        StartController();
        var token = PushInteraction("record", Alice);

        AwaitOp4Count(1);
        Rest.Calls.First(c => !c.StartsWith("overwrite", StringComparison.Ordinal)).ShouldStartWith("defer ");
        Gateway.VoiceStateCalls.Single().ShouldBe((GuildId, (ulong?)VoiceChannelId, true, false));

        // Only one of the two answers: no connection yet.
        Gateway.Push(new VoiceStateUpdateEvent(new VoiceState(GuildId, VoiceChannelId, BotId, "vs", true, false,
            Bot)));
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Voice.Created.ShouldBeEmpty();

        Gateway.Push(new VoiceServerUpdateEvent(GuildId, "vt", "127.0.0.1:9"));
        var connection = AwaitConnection(1);
        connection.Info.ShouldBe(new VoiceConnectionInfo(GuildId, VoiceChannelId, BotId, "vs", "vt", "127.0.0.1:9"));

        var recording = started.ExpectMsg<RecordingStarted>();
        recording.Id.Length.ShouldBeGreaterThanOrEqualTo(13);
        recording.AccessKey.ShouldNotBe(recording.Id);
        AwaitCall(c => c == $"edit {ApplicationId} {token} Recording started. Id: {recording.Id}, access key: "
            + recording.AccessKey);
    }

    [Fact]
    public void Record_interaction_when_invoker_is_not_in_voice_says_so()
    {
        StartController(aliceInVoice: false);
        var token = PushInteraction("record", Alice);
        AwaitEdit(token, "Join a voice channel");
        Gateway.VoiceStateCalls.ShouldBeEmpty();
    }

    [Fact]
    public void Record_interaction_twice_says_already_recording()
    {
        StartRecording();
        var token = PushInteraction("record", Bob);
        AwaitEdit(token, "Already recording");
        Voice.Created.Count.ShouldBe(1);
    }

    [Fact]
    public void End_interaction_without_recording_says_nothing_is_recorded()
    {
        StartController();
        var token = PushInteraction("end", Alice);
        AwaitEdit(token, "Nothing is being recorded");
    }

    [Fact]
    public void End_interaction_replies_with_id_after_finalizing()
    {
        var finishedProbe = CreateTestProbe();
        Sys.EventStream.Subscribe(finishedProbe, typeof(RecordingFinished));
        var (connection, writer) = StartRecording();
        var reply = StopRecording();
        reply.ShouldContain(writer.Id);
        var finished = finishedProbe.ExpectMsg<RecordingFinished>();
        finished.Id.ShouldBe(writer.Id);
        finished.Folder.ShouldBe(Path.Combine(Settings.ObjectStoreFolder, writer.Id));
        connection.Disposed.ShouldBeTrue();
        Gateway.VoiceStateCalls.Last().ShouldBe((GuildId, (ulong?)null, true, false));
    }

    [Fact]
    public void Text_commands_with_prefix_record_and_end()
    {
        Settings = Settings with { CommandPrefix = "?" };
        StartController();
        Gateway.Push(new MessageCreateEvent(1, TextChannelId, GuildId, Alice, "!record"));
        Gateway.Push(new MessageCreateEvent(2, TextChannelId, GuildId, Alice, "?record\tplease"));
        AwaitOp4Count(1);
        PushVoiceAnswers();
        AwaitCall(c => c.StartsWith($"message {TextChannelId} Recording started. Id: ", StringComparison.Ordinal));
        Gateway.Push(new MessageCreateEvent(3, TextChannelId, GuildId, Alice, "?END"));
        var id = Writers.Single().Id;
        AwaitCall(c => c.StartsWith($"message {TextChannelId} Recording {id} finished", StringComparison.Ordinal));
        Gateway.VoiceStateCalls.Count.ShouldBe(2); // one join for "?record", one leave; "!record" was ignored
    }

    [Fact]
    public async Task Ask_protocol_starts_and_stops()
    {
        StartController();
        AwaitCondition(() => Rest.Calls.Any()); // READY went through
        var start = Controller.Ask<object>(new Controller.StartRecording(GuildId, null, AliceId));
        AwaitOp4Count(1);
        PushVoiceAnswers();
        var started = (await start).ShouldBeOfType<RecordingStarted>();
        var stopped = (await Controller.Ask<object>(new Controller.StopRecording(GuildId)))
            .ShouldBeOfType<RecordingFinished>();
        stopped.Id.ShouldBe(started.Id);
        (await Controller.Ask<object>(new Controller.StopRecording(GuildId))).ShouldBeOfType<Controller.StopFailed>();
    }

    [Fact]
    public void Packets_from_two_users_make_tracks_in_order_of_first_packet()
    {
        var (connection, writer) = StartRecording();
        var t0 = StartTimestamp;
        connection.Push(Packet(BobId, 22, 1, 5000, AtMs(t0, 100)));
        connection.Push(Packet(AliceId, 21, 1, 9000, AtMs(t0, 110)));
        connection.Push(Packet(BobId, 22, 2, 5960, AtMs(t0, 120)));
        AwaitCondition(() => writer.Tracks.Count == 2);
        writer.Tracks.Select(t => (t.Track, t.Id)).ShouldBe([(1, BobId), (2, AliceId)]);
        writer.Tracks[1].GlobalName.ShouldBe("Alice A.");
        StopRecording();
        writer.WritesOf(1).Count.ShouldBe(2);
        writer.WritesOf(2).Count.ShouldBe(1);
    }

    [Fact]
    public void Granules_late_joiner_at_true_time_and_loss_leaves_gap()
    {
        var (connection, writer) = StartRecording();
        var t0 = StartTimestamp;
        connection.Push(Packet(AliceId, 21, 1, 1000, AtMs(t0, 500)));
        connection.Push(Packet(AliceId, 21, 2, 1960, AtMs(t0, 520)));
        // Sequence 3 is lost; 4 arrives with 30 ms of extra delay.
        connection.Push(Packet(AliceId, 21, 4, 3880, AtMs(t0, 590)));
        // Carol joins the channel later and first speaks at 3.2 s.
        Gateway.Push(new VoiceStateUpdateEvent(InVoice(Carol)));
        ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // the gateway path is slower than the voice path
        connection.Push(Packet(CarolId, 23, 700, 123_456, AtMs(t0, 3200)));
        StopRecording();

        writer.WritesOf(1).Select(w => w.Granule).ShouldBe([24000UL, 24960UL, 26880UL]);
        var carol = writer.WritesOf(2).Single();
        ((long)carol.Granule - (3200 * 48)).ShouldBeInRange(-960, 960);
        writer.Tracks[1].Username.ShouldBe("carol");
    }

    [Fact]
    public void Out_of_order_packets_within_the_window_are_written_in_order()
    {
        var (connection, writer) = StartRecording();
        var t0 = StartTimestamp;
        uint[] order = [1960, 1000, 3880, 2920, 4840];
        ushort[] sequences = [2, 1, 4, 3, 5];
        for (var i = 0; i < order.Length; i++)
        {
            connection.Push(Packet(AliceId, 21, sequences[i], order[i], AtMs(t0, 200 + (i * 20))));
        }

        connection.Push(Packet(AliceId, 21, 2, 1960, AtMs(t0, 300))); // duplicate
        StopRecording();

        var writes = writer.WritesOf(1);
        writes.Select(w => w.Rtp).ShouldBe([1000u, 1960u, 2920u, 3880u, 4840u]);
        writes.Select(w => w.Granule).ShouldBeInOrder(SortDirection.Ascending);
        (writes[^1].Granule - writes[0].Granule).ShouldBe(4UL * 960);
    }

    [Fact]
    public void Stop_writes_every_queued_packet_before_dispose()
    {
        Settings = Settings with { ReorderWindowPackets = 1000, ReorderWindow = TimeSpan.FromHours(1) };
        var (connection, writer) = StartRecording();
        var t0 = StartTimestamp;
        for (var i = 0; i < 50; i++)
        {
            connection.Push(Packet(AliceId, 21, (ushort)i, (uint)(i * 960), AtMs(t0, 100 + (i * 20))));
        }

        writer.Writes.Count.ShouldBe(0); // all still queued
        StopRecording();
        writer.WritesOf(1).Count.ShouldBe(50);
        writer.WritesAtDispose.ShouldBe(50);
    }

    [Fact]
    public void Finalizer_moves_files_only_after_the_writer_is_disposed()
    {
        var (connection, writer) = StartRecording();
        connection.Push(Packet(AliceId, 21, 1, 1000, AtMs(StartTimestamp, 100)));
        StopRecording();
        writer.Disposed.ShouldBeTrue();
        writer.FilesInPlaceAtDispose.ShouldBeTrue();
        writer.Flushes.ShouldBeGreaterThanOrEqualTo(1);
        var stored = Path.Combine(Settings.ObjectStoreFolder, writer.Id);
        File.Exists(Path.Combine(stored, writer.Id + ".ogg.data")).ShouldBeTrue();
        Directory.Exists(writer.Directory).ShouldBeFalse();
    }

    [Fact]
    public void New_voice_server_update_makes_a_new_connection()
    {
        var (first, writer) = StartRecording();
        Gateway.Push(new VoiceServerUpdateEvent(GuildId, "token-2", "127.0.0.1:10"));
        var second = AwaitConnection(2);
        second.Info.Token.ShouldBe("token-2");
        second.Info.Endpoint.ShouldBe("127.0.0.1:10");
        second.Info.SessionId.ShouldBe("voice-session");
        AwaitCondition(() => first.Disposed);

        // Audio keeps flowing on the new connection into the same track.
        second.Push(Packet(AliceId, 99, 1, 1000, AtMs(StartTimestamp, 100)));
        StopRecording();
        writer.WritesOf(1).Count.ShouldBe(1);
    }

    [Fact]
    public void Null_endpoint_closes_and_waits_for_the_next_server()
    {
        var (first, _) = StartRecording();
        Gateway.Push(new VoiceServerUpdateEvent(GuildId, "token-2", null));
        AwaitCondition(() => first.Disposed);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Voice.Created.Count.ShouldBe(1);

        Gateway.Push(new VoiceServerUpdateEvent(GuildId, "token-3", "127.0.0.1:11"));
        AwaitConnection(2).Info.Token.ShouldBe("token-3");
    }

    [Fact]
    public void Voice_closed_with_rejoin_sends_op4_again_and_never_reuses_old_credentials()
    {
        var (first, _) = StartRecording();
        first.Push(new VoiceClosed(4006, "session no longer valid", Rejoin: true));
        AwaitOp4Count(2);
        Gateway.VoiceStateCalls.Last().ShouldBe((GuildId, (ulong?)VoiceChannelId, true, false));
        AwaitCondition(() => first.Disposed);

        // Only the new server answer arrived: the old session id must not be reused with it.
        Gateway.Push(new VoiceServerUpdateEvent(GuildId, "token-2", "127.0.0.1:12"));
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Voice.Created.Count.ShouldBe(1);
        Gateway.Push(new VoiceStateUpdateEvent(new VoiceState(GuildId, VoiceChannelId, BotId, "session-2", true,
            false, Bot)));
        var second = AwaitConnection(2);
        (second.Info.SessionId, second.Info.Token).ShouldBe(("session-2", "token-2"));
    }

    [Fact]
    public void Voice_closed_without_rejoin_does_not_send_op4()
    {
        var (first, _) = StartRecording();
        first.Push(new VoiceClosed(4014, "disconnected", Rejoin: false));
        AwaitCondition(() => first.Disposed);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        Gateway.VoiceStateCalls.Count.ShouldBe(1);
    }

    [Fact]
    public void Own_voice_state_with_null_channel_stops_the_recording()
    {
        var finishedProbe = CreateTestProbe();
        Sys.EventStream.Subscribe(finishedProbe, typeof(RecordingFinished));
        var (connection, writer) = StartRecording();
        connection.Push(Packet(AliceId, 21, 1, 1000, AtMs(StartTimestamp, 100)));
        Gateway.Push(new VoiceStateUpdateEvent(new VoiceState(GuildId, null, BotId, "voice-session", true, false,
            Bot)));
        var finished = finishedProbe.ExpectMsg<RecordingFinished>();
        finished.Id.ShouldBe(writer.Id);
        finished.Tracks.ShouldBe([new RecordedTrack(1, AliceId, "Alice A.")]);
        writer.WritesOf(1).Count.ShouldBe(1);
    }

    [Fact]
    public void Bad_packets_are_dropped_and_the_recording_goes_on()
    {
        var (connection, writer) = StartRecording();
        var t0 = StartTimestamp;
        connection.Push(Packet(0, 50, 1, 1000, AtMs(t0, 100))); // unknown user
        connection.Push(Packet(BotId, 51, 1, 1000, AtMs(t0, 100))); // ourselves
        connection.Push(Packet(AliceId, 21, 1, 1000, AtMs(t0, 100), opus: []));
        connection.Push(Packet(AliceId, 21, 2, 1960, AtMs(t0, 120), opus: [0xFB, 0x00]));
        connection.Push(Packet(AliceId, 21, 3, 2920, AtMs(t0, 140)));
        StopRecording();
        writer.Tracks.Count.ShouldBe(1);
        writer.WritesOf(1).Select(w => w.Rtp).ShouldBe([2920u]);
    }

    [Fact]
    public void Join_timeout_reports_failure()
    {
        Settings = Settings with { JoinTimeout = TimeSpan.FromMilliseconds(300) };
        var failed = CreateTestProbe();
        Sys.EventStream.Subscribe(failed, typeof(RecordingFailed));
        StartController();
        var token = PushInteraction("record", Alice);
        failed.ExpectMsg<RecordingFailed>().GuildId.ShouldBe(GuildId);
        AwaitEdit(token, "Could not start recording");

        // The empty recording is discarded and the guild is free again afterwards.
        AwaitCondition(() => Writers.Single().Disposed && !Directory.Exists(Writers.Single().Directory));
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        PushInteraction("record", Alice);
        AwaitOp4Count(3); // join, leave, join
        Gateway.VoiceStateCalls.ElementAt(2).ChannelId.ShouldBe(VoiceChannelId);
    }

    [Fact]
    public void Reorder_window_writes_packets_once_they_are_old_enough()
    {
        var (connection, writer) = StartRecording();
        var t0 = StartTimestamp;
        connection.Push(Packet(AliceId, 21, 2, 1960, AtMs(t0, 40)));
        connection.Push(Packet(AliceId, 21, 1, 1000, AtMs(t0, 41)));
        connection.Push(Packet(AliceId, 21, 3, 2920, AtMs(t0, 60)));
        ExpectNoMsg(TimeSpan.FromMilliseconds(150));
        writer.Writes.Count.ShouldBe(0); // the clock has not moved: all three wait in the window

        Clock.Advance(TimeSpan.FromMilliseconds(200));
        AwaitCondition(() => writer.Writes.Count == 3);
        writer.WritesOf(1).Select(w => w.Rtp).ShouldBe([1000u, 1960u, 2920u]);
    }

    [Fact]
    public void Writer_failure_costs_one_packet_and_the_recording_goes_on()
    {
        WriterThrowsOnRtp = 1960;
        var (connection, writer) = StartRecording();
        var t0 = StartTimestamp;
        connection.Push(Packet(AliceId, 21, 1, 1000, AtMs(t0, 100)));
        connection.Push(Packet(AliceId, 21, 2, 1960, AtMs(t0, 120)));
        connection.Push(Packet(AliceId, 21, 3, 2920, AtMs(t0, 140)));
        StopRecording();
        writer.WritesOf(1).Select(w => w.Rtp).ShouldBe([1000u, 2920u]);
        writer.WritesOf(1).Select(w => w.Granule).ShouldBe([4800UL, 4800UL + 1920]);
    }

    [Fact]
    public void Move_to_another_channel_reconnects_with_the_new_channel()
    {
        var (first, _) = StartRecording();
        Gateway.Push(new VoiceStateUpdateEvent(new VoiceState(GuildId, 2001, BotId, "voice-session", true, false,
            Bot)));
        Gateway.Push(new VoiceServerUpdateEvent(GuildId, "token-moved", "127.0.0.1:13"));
        var second = AwaitConnection(2);
        (second.Info.ChannelId, second.Info.Token).ShouldBe((2001UL, "token-moved"));
        AwaitCondition(() => first.Disposed);
    }

    [Fact]
    public void Writer_factory_failure_replies_with_an_error()
    {
        WriterFactoryFails = true;
        StartController();
        var token = PushInteraction("record", Alice);
        AwaitEdit(token, "Could not start recording");
        Gateway.VoiceStateCalls.ShouldBeEmpty();
    }

    [Fact]
    public void End_before_the_voice_connection_discards_the_empty_recording()
    {
        StartController();
        var record = PushInteraction("record", Alice);
        AwaitOp4Count(1);
        var end = PushInteraction("end", Alice);
        AwaitEdit(record, "Could not start recording");
        AwaitEdit(end, "The recording was stopped before");
        var writer = Writers.Single();
        writer.Disposed.ShouldBeTrue();
        Directory.Exists(writer.Directory).ShouldBeFalse();
        Directory.Exists(Path.Combine(Settings.ObjectStoreFolder, writer.Id)).ShouldBeFalse();
        Voice.Created.ShouldBeEmpty();
    }

    [Fact]
    public void Gateway_reader_restarts_after_a_fault()
    {
        StartController();
        AwaitCall(c => c.StartsWith("overwrite", StringComparison.Ordinal)); // reading the first channel
        Gateway.FailEvents();
        Gateway.Push(new MessageCreateEvent(1, TextChannelId, GuildId, Alice, "!end"));
        AwaitCall(c => c == $"message {TextChannelId} Nothing is being recorded in this server.");
    }

    [Fact]
    public async Task Stop_all_finishes_every_recording_then_answers()
    {
        var (connection, writer) = StartRecording();
        connection.Push(Packet(AliceId, 21, 1, 1000, AtMs(StartTimestamp, 100)));
        var stopped = await Controller.Ask<ControllerProtocol.AllRecordingsStopped>(
            ControllerProtocol.StopAllRecordings.Instance,
            TimeSpan.FromSeconds(5));
        stopped.Recordings.Single().Id.ShouldBe(writer.Id);
        writer.Disposed.ShouldBeTrue();
        (await Controller.Ask<ControllerProtocol.AllRecordingsStopped>(
            ControllerProtocol.StopAllRecordings.Instance,
            TimeSpan.FromSeconds(5))).Recordings.ShouldBeEmpty();
    }

    [Fact]
    public async Task Killed_track_is_restarted_with_its_timeline_and_writer()
    {
        var (connection, writer) = StartRecording();
        var t0 = StartTimestamp;
        connection.Push(Packet(AliceId, 21, 1, 1000, AtMs(t0, 100)));
        AwaitCondition(() => writer.Tracks.Count == 1);
        var track = await Sys.ActorSelection("/user/controller/recording-1000-1/track-1")
            .ResolveOne(TimeSpan.FromSeconds(3));
        Watch(track);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        track.Tell(Kill.Instance);
        ExpectNoMsg(TimeSpan.FromMilliseconds(300)); // restarted, not terminated

        // Arrives 400 ms late, but the restarted track still places it by RTP time after the first packet.
        connection.Push(Packet(AliceId, 21, 2, 1960, AtMs(t0, 520)));
        StopRecording();
        writer.Disposed.ShouldBeTrue();
        writer.WritesOf(1).Select(w => w.Granule).ShouldBe([4800UL, 5760UL]);
    }

    [Fact]
    public void Two_guilds_record_at_the_same_time()
    {
        StartController();
        const ulong otherGuild = 1001;
        Gateway.Push(new GuildCreateEvent(otherGuild, "Other", [new DiscordChannel(2100, "Other voice", 2)],
            [new VoiceState(otherGuild, 2100, BobId, "b", false, false, Bob)]));
        PushInteraction("record", Alice);
        Gateway.Push(new MessageCreateEvent(7, 3100, otherGuild, Bob, "!record"));
        AwaitOp4Count(2);
        Gateway.VoiceStateCalls.Select(c => c.GuildId).ShouldBe([GuildId, otherGuild], ignoreOrder: true);
        PushVoiceAnswers();
        Gateway.Push(new VoiceStateUpdateEvent(new VoiceState(otherGuild, 2100, BotId, "vs2", true, false, Bot)));
        Gateway.Push(new VoiceServerUpdateEvent(otherGuild, "vt2", "127.0.0.1:14"));
        AwaitConnection(2);
        Voice.Created.Select(c => (c.Info.GuildId, c.Info.ChannelId, c.Info.Token))
            .ShouldBe([(GuildId, VoiceChannelId, "voice-token"), (otherGuild, 2100UL, "vt2")], ignoreOrder: true);
        AwaitCall(c => c.StartsWith("message 3100 Recording started", StringComparison.Ordinal));
        Writers.Select(w => w.Info.GuildName).ShouldBe(["Test guild", "Other"], ignoreOrder: true);
    }

    [Fact]
    public void Failed_voice_handshake_rejoins_with_fresh_answers()
    {
        Voice.AutoConnect = false;
        StartController();
        var token = PushInteraction("record", Alice);
        AwaitOp4Count(1);
        PushVoiceAnswers();
        var first = AwaitConnection(1);
        first.Connect.SetException(new IOException("voice gateway refused"));

        AwaitOp4Count(2); // op 4 again after the rejoin delay
        AwaitCondition(() => first.Disposed);
        PushVoiceAnswers("session-2", "token-2", "127.0.0.1:15");
        var second = AwaitConnection(2);
        (second.Info.SessionId, second.Info.Token).ShouldBe(("session-2", "token-2"));
        second.Connect.SetResult();
        AwaitEdit(token, "Recording started");
    }
}
