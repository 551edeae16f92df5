using Microsoft.Extensions.Logging.Abstractions;
using Pandora.Cooking.Raw;
using Pandora.Emulator.Scenarios;
using Pandora.Host;

namespace Pandora.Tests.EndToEnd;

/// <summary>
/// DAVE v1 end to end, wire to raw files, with the real client: the emulated voice server is the external sender
/// and its members run their own MLS groups and encrypt their frames. What the tracks hold must be the plaintext
/// frames the members sent.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class DaveEndToEndTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestFolder _folder = new();

    /// <summary>
    /// One member joins or leaves every 5 s for two minutes (a new epoch each time) while two others keep talking:
    /// at least 99.9 % of the frames the members sent while the bot was in the channel must be on their tracks.
    /// </summary>
    [Fact]
    public async Task Demo_churnEveryFiveSecondsForTwoMinutes_atLeast999PerMilleOfFramesRecorded()
    {
        var demo = new DemoRunner(TestHost.Settings(_folder.Path), NullLoggerFactory.Instance,
            Path.Combine(_folder.Path, "out"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));

        var result = await demo.RunAsync(Scenario.Churn, timeout.Token);

        using (var printed = new StringWriter())
        {
            DemoRunner.Print(result, printed);
            output.WriteLine(printed.ToString());
        }

        var recording = result.Recording;
        var reader = RawRecording.Open(recording.Folder, recording.Id);
        var written = reader.ReadPackets().GroupBy(p => p.Track).ToDictionary(g => g.Key, g => (long)g.Count());
        var recordedByUser = recording.Tracks.ToDictionary(t => t.UserId, t => written.GetValueOrDefault(t.Track));
        long sent = 0, recorded = 0;
        foreach (var (user, frames) in result.Scenario.FramesSent.Where(f => f.Value > 0))
        {
            var got = recordedByUser.GetValueOrDefault(user);
            output.WriteLine($"member {user}: sent {frames}, recorded {got}, without a DAVE key " +
                $"{result.Scenario.FramesWithoutKey[user]}");
            sent += frames;
            recorded += Math.Min(got, frames);
        }

        AssertPlaintext(result, recordedPackets: reader.ReadPackets().ToList());
        var share = (double)recorded / sent;
        output.WriteLine($"churn: {recorded} of {sent} frames recorded = {share:P3}; DAVE epoch " +
            $"{result.Scenario.Dave.Epoch}, {result.Scenario.Dave.Commits} commits, " +
            $"{result.Scenario.Dave.Welcomes} welcomes");
        result.Scenario.HookErrors.ShouldBeEmpty();
        result.Scenario.DaveProtocolVersion.ShouldBe(1);
        result.Scenario.Dave.Commits.ShouldBeGreaterThanOrEqualTo(24, "every change must be a new epoch");
        result.Scenario.VoiceEvents.Count(e => e.At >= result.Scenario.TimelineStartedAt)
            .ShouldBeGreaterThanOrEqualTo(24);
        sent.ShouldBeGreaterThan(8_000);
        share.ShouldBeGreaterThanOrEqualTo(0.999);
    }

    /// <summary>
    /// The bot alone in the channel must commit: the requester leaves (the bot commits her removal, with a path,
    /// and is then reset as the sole member: op 24 epoch 1, op 21), then Carol joins (the bot creates the new group
    /// and its Welcome makes hers); her speech, encrypted with keys from that group, is on her track.
    /// </summary>
    [Fact]
    public async Task Demo_botLeftAloneThenMemberJoins_botCommitsAndTheJoinerIsRecorded()
    {
        const ulong alice = 1180000000000000201, carol = 1180000000000000203;
        var scenario = Scenario.Default with
        {
            Joins = [new(carol, TimeSpan.FromSeconds(4)), new(alice, TimeSpan.FromSeconds(9))],
            Leaves = [new(alice, TimeSpan.FromSeconds(1.5))],
            Utterances = [new(carol, "carol-1", TimeSpan.FromSeconds(5.5))],
            EndAt = TimeSpan.FromSeconds(11),
        };
        var demo = new DemoRunner(TestHost.Settings(_folder.Path), NullLoggerFactory.Instance,
            Path.Combine(_folder.Path, "out"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var result = await demo.RunAsync(scenario, timeout.Token);

        using (var printed = new StringWriter())
        {
            DemoRunner.Print(result, printed);
            output.WriteLine(printed.ToString());
        }

        result.Scenario.DaveProtocolVersion.ShouldBe(1);
        var dave = result.Scenario.Dave;
        dave.BotCommits.ShouldBeGreaterThanOrEqualTo(2, "the bot was alone for the removal and for Carol's add");
        dave.SoleMemberResets.ShouldBe(1);
        result.Scenario.FramesWithoutKey[carol].ShouldBe(0);
        var recording = result.Recording;
        var packets = RawRecording.Open(recording.Folder, recording.Id).ReadPackets().ToList();
        var carolTrack = recording.Tracks.Single(t => t.UserId == carol).Track;
        packets.Count(p => p.Track == carolTrack).ShouldBe((int)result.Scenario.FramesSent[carol]);
        AssertPlaintext(result, packets);
    }

    /// <summary>Every recorded packet is a plaintext frame its speaker sent (speech or silence), never DAVE
    /// ciphertext: the bot decrypted what it wrote.</summary>
    private static void AssertPlaintext(DemoRunner.DemoResult result, List<RawAudioPacket> recordedPackets)
    {
        var trackOf = result.Recording.Tracks.ToDictionary(t => t.Track, t => t.UserId);
        var sent = result.Scenario.Utterances.GroupBy(u => u.UserId).ToDictionary(
            g => g.Key,
            g => g.SelectMany(u => u.Clip.Packets).Select(Convert.ToHexString).Append("F8FFFE").ToHashSet());
        foreach (var packet in recordedPackets)
        {
            sent[trackOf[packet.Track]].ShouldContain(Convert.ToHexString(packet.Packet.Span),
                "a recorded packet is not a frame its speaker sent");
        }
    }

    public void Dispose() => _folder.Dispose();
}
