using System.Buffers.Binary;
using Pandora.Emulator;
using Pandora.Emulator.Scenarios;
using Pandora.Emulator.Speech;
using Pandora.Mls.Codec;
using Pandora.Mls.Group;
using Pandora.Mls.Messages;

namespace Pandora.Tests.Emulator;

/// <summary>The emulated voice server's DAVE v1 side, driven by a client written for the tests.</summary>
public sealed class EmulatorDaveIntegrationTests
{
    private const ulong Alice = 1180000000000000201;

    [Fact]
    public async Task Voice_botAloneThenMemberJoins_botCommitWinsMemberIsWelcomedAndItsFramesDecrypt()
    {
        var scenario = Scenario.Default with
        {
            Members = [.. Scenario.Default.Members.Select(m => m with { InVoiceAtStart = false })],
        };
        await using var emulator = await DiscordEmulator.StartAsync(new EmulatorOptions { Scenario = scenario },
            TestContext.Current.CancellationToken);
        await using var bot = await RawBot.IdentifyAsync(emulator);
        await bot.JoinAsync();
        await bot.ConnectVoiceAsync(maxDaveVersion: 1);
        bot.DaveVersion.ShouldBe(1);
        var client = new RawDaveClient(bot.Voice!, emulator.BotUserId, emulator.VoiceChannelId);

        // Op 25: signature_key<V> (65-byte point, 2-byte varint length) ‖ basic credential with identity 00.
        var external = await client.ReceiveExternalSenderAsync();
        external.Length.ShouldBe(71);
        Convert.ToHexString(external[..3]).ShouldBe("404104");
        Convert.ToHexString(external[^4..]).ShouldBe("00010100");
        await client.SendKeyPackageAsync();

        // Our key package first, so that we are the one asked to create the group.
        (await WaitForAsync(() => emulator.DaveStats.KeyPackages == 1)).ShouldBeTrue("our key package is accepted");
        await emulator.JoinVoiceAsync(Alice);

        var proposals = RawDaveClient.ParseAppend(await client.ReceiveAsync(27));
        var add = proposals.ShouldHaveSingleItem().PublicMessage!;
        add.Content.GroupId.ShouldBe(RawDaveClient.BigEndian(emulator.VoiceChannelId));
        add.Content.Epoch.ShouldBe(0UL);
        add.Content.Sender.ShouldBe(new Sender(SenderType.External, 0));
        Framing.VerifySignature(add, null, client.ExternalSender!.SignatureKey);
        add.Content.Proposal!.Add!.LeafNode.Credential.Identity.ShouldBe(RawDaveClient.BigEndian(Alice));
        client.Group!.ReceiveProposal(new MlsMessage { WireFormat = WireFormat.PublicMessage, PublicMessage = add });
        var output = client.Group.Commit(options: new CommitOptions(ForcePath: false));
        var commit = output.Commit.Encode();
        await bot.Voice!.SendBinaryAsync([28, .. commit, .. output.Welcome!.Encode()]);

        var announced = await client.ReceiveAsync(29);
        var transition = BinaryPrimitives.ReadUInt16BigEndian(announced);
        transition.ShouldNotBe((ushort)0);
        announced[2..].ShouldBe(commit);
        client.Group.ProcessCommit(MlsMessage.Decode(announced.AsMemory(2)));
        client.Group.Epoch.ShouldBe(1UL);
        await client.SendJsonAsync(23, transition);
        var execute = await client.ReceiveJsonAsync(22);
        execute.GetProperty("d").GetProperty("transition_id").GetInt32().ShouldBe(transition);
        (await WaitForAsync(() => emulator.DaveSendingEpochOf(Alice) == 1)).ShouldBeTrue("alice was welcomed");
        var stats = emulator.DaveStats;
        stats.ShouldBe(stats with { Epoch = 1, Commits = 1, BotCommits = 1, Welcomes = 1, CommitsDropped = 0 });

        // Alice's frames: transport-open, then DAVE-open with the key this client derives from its own exporter.
        var clip = SpeechClip.Load("alice-1");
        var speaking = emulator.SpeakAsync(Alice, clip.Name, TestContext.Current.CancellationToken);
        var opened = await ReceiveOpusAsync(bot, client, Alice, speaking);
        opened.Count(o => o is not null).ShouldBe(clip.Packets.Count + 5, "speech and five silence frames");
        opened.OfType<byte[]>().Take(clip.Packets.Count).ShouldBe(clip.Packets);

        // Alice leaves: we commit her removal (with a path), then, alone, get the sole member reset.
        await emulator.LeaveVoiceAsync(Alice);
        var remove = RawDaveClient.ParseAppend(await client.ReceiveAsync(27)).ShouldHaveSingleItem();
        remove.PublicMessage!.Content.Epoch.ShouldBe(1UL);
        remove.PublicMessage.Content.Proposal!.Removed.ShouldBe(1u);
        client.Group.ReceiveProposal(remove);
        var removal = client.Group.Commit(options: new CommitOptions(ForcePath: false));
        removal.Commit.PublicMessage!.Content.Commit!.Path.ShouldNotBeNull();
        await bot.Voice.SendBinaryAsync([28, .. removal.Commit.Encode()]);
        var second = BinaryPrimitives.ReadUInt16BigEndian(await client.ReceiveAsync(29));
        client.Group.MergePendingCommit();
        await client.SendJsonAsync(23, second);
        (await client.ReceiveJsonAsync(22)).GetProperty("d").GetProperty("transition_id").GetInt32().ShouldBe(second);
        var prepare = (await client.ReceiveJsonAsync(24)).GetProperty("d");
        prepare.GetProperty("epoch").GetInt32().ShouldBe(1);
        (await client.ReceiveJsonAsync(21)).GetProperty("d").GetProperty("transition_id").GetInt32().ShouldBe(0);
        emulator.DaveStats.SoleMemberResets.ShouldBe(1);
    }

    [Fact]
    public async Task Voice_memberInChannel_commitsAndWelcomeIsRelayedThenOp31LeadsToAReAdd()
    {
        await using var emulator = await DiscordEmulator.StartAsync(new EmulatorOptions(),
            TestContext.Current.CancellationToken);
        await using var bot = await RawBot.IdentifyAsync(emulator);
        await bot.JoinAsync();
        await bot.ConnectVoiceAsync(maxDaveVersion: 1);
        var client = new RawDaveClient(bot.Voice!, emulator.BotUserId, emulator.VoiceChannelId);
        await client.ReceiveExternalSenderAsync();
        await client.SendKeyPackageAsync();

        // Alice (in voice, pending alone) is asked to add us; her commit wins and we get the Welcome (op 30).
        var first = await JoinFromWelcomeAsync(client);
        client.Group!.Epoch.ShouldBe(1UL);
        var tree = client.Group.Tree;
        emulator.DaveStats.BotCommits.ShouldBe(0);

        // Op 31: we could not process it (say); we reset and send a new key package. The gateway removes our stale
        // leaf and adds the new one; a new Welcome comes.
        await client.SendJsonAsync(31, first);
        await client.SendKeyPackageAsync();
        await JoinFromWelcomeAsync(client);
        client.Group!.Epoch.ShouldBeGreaterThanOrEqualTo(2UL);
        emulator.DaveStats.InvalidCommitWelcomes.ShouldBe(1);
        var leaves = Enumerable.Range(0, 8).Select(i => client.Group.Tree.GetLeaf((uint)i)).OfType<LeafNode>()
            .Select(l => Convert.ToHexString(l.Credential.Identity)).ToList();
        leaves.Count(id => id == Convert.ToHexString(RawDaveClient.BigEndian(emulator.BotUserId))).ShouldBe(1);

        var clip = SpeechClip.Load("alice-2");
        var speaking = emulator.SpeakAsync(Alice, clip.Name, TestContext.Current.CancellationToken);
        var opened = await ReceiveOpusAsync(bot, client, Alice, speaking);
        opened.OfType<byte[]>().Take(clip.Packets.Count).ShouldBe(clip.Packets);
    }

    [Fact]
    public async Task Voice_noCommitInTime_proposalsAreRevokedAndTheNextRoundAsksAgain()
    {
        var scenario = Scenario.Default with
        {
            Members = [.. Scenario.Default.Members.Select(m => m with { InVoiceAtStart = false })],
        };
        var options = new EmulatorOptions
        {
            Scenario = scenario, DaveMembersCommit = false, DaveCommitTimeout = TimeSpan.FromMilliseconds(400),
        };
        await using var emulator = await DiscordEmulator.StartAsync(options, TestContext.Current.CancellationToken);
        await using var bot = await RawBot.IdentifyAsync(emulator);
        await bot.JoinAsync();
        await bot.ConnectVoiceAsync(maxDaveVersion: 1);
        var client = new RawDaveClient(bot.Voice!, emulator.BotUserId, emulator.VoiceChannelId);
        await client.ReceiveExternalSenderAsync();
        await client.SendKeyPackageAsync();

        // Our key package first, so that we are the one asked to create the group.
        (await WaitForAsync(() => emulator.DaveStats.KeyPackages == 1)).ShouldBeTrue("our key package is accepted");
        await emulator.JoinVoiceAsync(Alice);

        // We create the group (our key package came first) but stay silent: the proposal is revoked by its ref.
        var ignored = RawDaveClient.ParseAppend(await client.ReceiveAsync(27)).ShouldHaveSingleItem();
        var revoke = await client.ReceiveAsync(27);
        revoke[0].ShouldBe((byte)1);
        var refs = TlsReader.DecodeAll(revoke.AsMemory(1), r => r.ReadVector(v => v.ReadOpaque()));
        refs.ShouldBe(Framing.ProposalRef(ignored.PublicMessage!));

        // Alice (who does not commit here) is asked next, then us again: this time we commit and it wins.
        var again = RawDaveClient.ParseAppend(await client.ReceiveAsync(27, timeoutSeconds: 5))
            .ShouldHaveSingleItem();
        client.Group!.ReceiveProposal(again);
        var output = client.Group.Commit(options: new CommitOptions(ForcePath: false));
        await bot.Voice!.SendBinaryAsync([28, .. output.Commit.Encode(), .. output.Welcome!.Encode()]);
        var announced = await client.ReceiveAsync(29);
        client.Group.ProcessCommit(MlsMessage.Decode(announced.AsMemory(2)));
        client.Group.Epoch.ShouldBe(1UL);
        emulator.DaveStats.BotCommits.ShouldBe(1);
    }

    [Fact]
    public async Task Resume_missedBinaryDaveMessages_areReplayedWithTheirSeqAndDaveStateSurvives()
    {
        await using var emulator = await DiscordEmulator.StartAsync(new EmulatorOptions(),
            TestContext.Current.CancellationToken);
        await using var bot = await RawBot.IdentifyAsync(emulator);
        await bot.JoinAsync();
        await bot.ConnectVoiceAsync(maxDaveVersion: 1);
        var clients = await bot.Voice!.ReceiveOpAsync(11);
        var seqAck = clients.GetProperty("seq").GetInt32();
        var first = new RawDaveClient(bot.Voice, emulator.BotUserId, emulator.VoiceChannelId);
        var external = await first.ReceiveExternalSenderAsync();
        first.LastSeq.ShouldBe(seqAck + 1, "binary messages share the seq of the JSON ones");

        await emulator.DropVoiceConnectionsAsync();
        await using var voice = await RawSocket.ConnectAsync($"ws://{bot.VoiceEndpoint}/?v=8");
        await voice.SendAsync($$$"""
            {"op":7,"d":{"server_id":"{{{emulator.GuildId}}}","session_id":"{{{bot.VoiceSessionId}}}",
            "token":"{{{bot.VoiceToken}}}","seq_ack":{{{seqAck}}}}}
            """);
        await voice.ReceiveOpAsync(9);
        var client = new RawDaveClient(voice, emulator.BotUserId, emulator.VoiceChannelId);

        (await client.ReceiveExternalSenderAsync()).ShouldBe(external);
        client.LastSeq.ShouldBe(seqAck + 1);
        await client.SendKeyPackageAsync();
        JoinedFromWelcome(await client.ReceiveAsync(30), client).Epoch.ShouldBe(1UL);
    }

    [Fact]
    public async Task Voice_clientWithoutDave_getsVersionZeroAndPlainFrames()
    {
        await using var emulator = await DiscordEmulator.StartAsync(new EmulatorOptions(),
            TestContext.Current.CancellationToken);
        await using var bot = await RawBot.IdentifyAsync(emulator);
        await bot.JoinAsync();
        await bot.ConnectVoiceAsync();

        bot.DaveVersion.ShouldBe(0);
        var clip = SpeechClip.Load("alice-3");
        var speaking = emulator.SpeakAsync(Alice, clip.Name, TestContext.Current.CancellationToken);
        var frames = await ReceiveFramesAsync(bot, speaking);

        frames.Take(clip.Packets.Count).ShouldBe(clip.Packets);
        bot.Voice!.Binary.ShouldBeEmpty();
    }

    /// <summary>Waits for op 30, joins with the current bundle, answers op 23 and waits for op 22.</summary>
    private static async Task<int> JoinFromWelcomeAsync(RawDaveClient client)
    {
        var welcome = await client.ReceiveAsync(30);
        var transition = BinaryPrimitives.ReadUInt16BigEndian(welcome);
        var group = MlsGroup.Join(TlsReader.DecodeAll(welcome.AsMemory(2), Welcome.Read), client.Bundle);
        var senders = group.ExternalSenders.ShouldHaveSingleItem();
        TlsWriter.Encode(senders.Write).ShouldBe(client.ExternalSenderBytes);
        client.Group = group;
        await client.SendJsonAsync(23, transition);
        (await client.ReceiveJsonAsync(22)).GetProperty("d").GetProperty("transition_id").GetInt32()
            .ShouldBe(transition);
        return transition;
    }

    private static MlsGroup JoinedFromWelcome(byte[] op30, RawDaveClient client) =>
        MlsGroup.Join(TlsReader.DecodeAll(op30.AsMemory(2), Welcome.Read), client.Bundle);

    /// <summary>Opens every datagram until the utterance is over: transport first, then DAVE (silence plain).</summary>
    private static async Task<List<byte[]?>> ReceiveOpusAsync(
        RawBot bot,
        RawDaveClient client,
        ulong sender,
        Task speaking)
    {
        var opened = new List<byte[]?>();
        foreach (var frame in await ReceiveFramesAsync(bot, speaking))
        {
            opened.Add(frame is [0xF8, 0xFF, 0xFE] ? frame : client.OpenFrame(sender, frame));
        }

        return opened;
    }

    /// <summary>Transport-opened frames until the utterance is over and the socket has been quiet for 0.5 s.</summary>
    private static async Task<List<byte[]>> ReceiveFramesAsync(RawBot bot, Task speaking)
    {
        var frames = new List<byte[]>();
        while (true)
        {
            using var quiet = new CancellationTokenSource(TimeSpan.FromSeconds(speaking.IsCompleted ? 0.5 : 3));
            try
            {
                var datagram = (await bot.Udp!.ReceiveAsync(quiet.Token)).Buffer;
                frames.Add(RtpOpener.Open(datagram, bot.SecretKey, bot.Mode)!);
            }
            catch (OperationCanceledException) when (speaking.IsCompleted)
            {
                await speaking;
                return frames;
            }
        }
    }

    private static async Task<bool> WaitForAsync(Func<bool> condition, double seconds = 3)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        return true;
    }
}
