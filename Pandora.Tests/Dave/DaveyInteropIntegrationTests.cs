using Pandora.Discord.Dave;
using Pandora.Discord.Voice;
using Pandora.Mls;
using Pandora.Mls.Messages;

namespace Pandora.Tests.Dave;

/// <summary>
/// Our DAVE session and <c>@snazzah/davey</c> as members of the same groups (brief §5.3 scenarios 1-6, and our code
/// as the committer). The test plays the voice gateway: it routes op 27 to every member, picks the winning commit and
/// hands Welcomes to the added members. Every scenario ends with equal epoch authenticators and frames both ways.
/// </summary>
public sealed class DaveyInteropIntegrationTests(DaveyHarness harness) : IClassFixture<DaveyHarness>
{
    private const ulong Channel = 927310423890473011;
    private const ulong Ours = 158049329150427136;
    private const ulong DaveyA = 158533742254751744;
    private const ulong DaveyB = 158533742254751745;
    private static readonly byte[] Opus = [0xFC, 0xFF, 0xFE, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06];
    private static readonly ulong[] Everyone = [Ours, DaveyA, DaveyB];
    private readonly string _prefix = Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task HarnessExternalSender_buildsProposalsLikeTheCapturedDiscordBytes()
    {
        var gateway = await DaveyExternalSender.CreateAsync(harness, _prefix + "gw");
        var captured = DaveBytes.Hex(CapturedAppend);
        var keyPackage = captured[(2 + 4 + 9 + 8 + 1 + 4 + 1 + 1 + 2)..^73];

        var (payload, _) = await gateway.ProposeAsync(DaveBytes.Hex("0cde77eadc823033"), 0, adds: [keyPackage]);

        // The same FramedContent; only the signature differs (another key, and ECDSA is randomized).
        static byte[] Content(byte[] vector) => Pandora.Mls.Codec.TlsWriter.Encode(
            MlsMessage.Decode(vector[2..]).PublicMessage!.Content.Write);
        Content(payload[1..]).ShouldBe(Content(captured));
        using var bot = new DaveMember(Ours, Channel).Start(gateway.Package, DaveyA);
        bot.Session.OnProposals(payload);
        bot.Session.Rejections.ShouldBeEmpty();
        bot.Session.PendingProposalCount.ShouldBe(1);
    }

    [Fact]
    public async Task Scenarios1To3_weJoinThroughDaveysWelcome_followAddAndRemoveWithPath()
    {
        var gateway = await DaveyExternalSender.CreateAsync(harness, _prefix + "gw");
        var a = await DaveyMember.CreateAsync(harness, _prefix + "A", DaveyA, Channel, gateway.Package);
        using var us = new DaveMember(Ours, Channel).Start(gateway.Package, Everyone);
        var groupId = us.Session.GroupId;

        // 1: davey A, pending alone, commits our Add; we join through its Welcome.
        await a.KeyPackageAsync();
        var (add, _) = await gateway.ProposeAsync(groupId, 0, adds: [us.KeyPackageBytes]);
        var (commit, welcome) = await a.ProcessProposalsAsync(add, Everyone);
        await a.ProcessCommitAsync(commit!);
        us.Session.OnWelcome(DaveBytes.WithTransition(0, welcome!));
        await AssertInSyncAsync(us, 1, a);

        // 2: davey B is added; both A and we commit, the gateway picks A's (add-only: no path).
        var b = await DaveyMember.CreateAsync(harness, _prefix + "B", DaveyB, Channel, gateway.Package);
        (add, _) = await gateway.ProposeAsync(groupId, 1, adds: [await b.KeyPackageAsync()]);
        us.Session.OnProposals(add);
        us.Sender.Last(VoiceOpcode.DaveMlsCommitWelcome).ShouldNotBeNull();
        (commit, welcome) = await a.ProcessProposalsAsync(add, Everyone);
        MlsMessage.Decode(commit!).PublicMessage!.Content.Commit!.Path.ShouldBeNull();
        await a.ProcessCommitAsync(commit!);
        us.Session.OnCommit(DaveBytes.WithTransition(3, commit!));
        await b.ProcessWelcomeAsync(welcome!);
        us.Sender.Last(VoiceOpcode.DaveTransitionReady)!.TransitionId.ShouldBe(3);
        us.Session.OnExecuteTransition(3);
        await AssertInSyncAsync(us, 2, a, b);

        // 3: B is removed; A's commit carries an UpdatePath whose secret we decrypt with HPKE.
        var leafB = (uint)(await b.InfoAsync())["leaf"]!.GetValue<int>();
        (add, _) = await gateway.ProposeAsync(groupId, 2, removes: [leafB]);
        us.Session.OnProposals(add);
        (commit, _) = await a.ProcessProposalsAsync(add, Everyone);
        MlsMessage.Decode(commit!).PublicMessage!.Content.Commit!.Path.ShouldNotBeNull();
        await a.ProcessCommitAsync(commit!);
        us.Session.OnCommit(DaveBytes.WithTransition(0, commit!));
        await AssertInSyncAsync(us, 3, a);
        us.Session.Members.ShouldBe([DaveyA, Ours], ignoreOrder: true);
        us.Session.Rejections.ShouldBeEmpty();
    }

    [Fact]
    public async Task Scenario4_appendThenRevoke_noCommitAndEmptyCache()
    {
        var (gateway, a, us) = await TwoMemberGroupAsync();
        var b = await DaveyMember.CreateAsync(harness, _prefix + "B", DaveyB, Channel, gateway.Package);
        var (add, refs) = await gateway.ProposeAsync(us.Session.GroupId, 1, adds: [await b.KeyPackageAsync()]);
        us.Session.OnProposals(add);
        await a.ProcessProposalsAsync(add, Everyone);
        us.Session.PendingProposalCount.ShouldBe(1);

        var revoke = await gateway.RevokeAsync(refs);
        us.Session.OnProposals(revoke);
        var (commit, _) = await a.ProcessProposalsAsync(revoke, Everyone);

        commit.ShouldBeNull();
        us.Session.PendingProposalCount.ShouldBe(0);
        us.Session.Rejections.ShouldBeEmpty();
        await AssertInSyncAsync(us, 1, a);
    }

    [Fact]
    public async Task Scenario5_mutatedDaveyCommit_rejectedAndRecoveredThroughOp31()
    {
        var (gateway, a, us) = await TwoMemberGroupAsync();
        var b = await DaveyMember.CreateAsync(harness, _prefix + "B", DaveyB, Channel, gateway.Package);
        var (add, _) = await gateway.ProposeAsync(us.Session.GroupId, 1, adds: [await b.KeyPackageAsync()]);
        us.Session.OnProposals(add);
        var (commit, _) = await a.ProcessProposalsAsync(add, Everyone);
        var mutated = (byte[])commit!.Clone();
        mutated[60] ^= 0x01;

        us.Session.OnCommit(DaveBytes.WithTransition(21, mutated));

        var rejection = us.Session.Rejections.ShouldHaveSingleItem();
        rejection.Recovered.ShouldBeTrue();
        rejection.Kind.ShouldBeOneOf(DaveRejectionKind.Mls, DaveRejectionKind.Malformed);
        us.Sender.Last(VoiceOpcode.DaveMlsInvalidCommitWelcome)!.TransitionId.ShouldBe(21);
        us.Sender.Sent[^1].Opcode.ShouldBe(VoiceOpcode.DaveMlsKeyPackage);
        us.Session.IsEstablished.ShouldBeFalse();
    }

    [Fact]
    public async Task Recovery_afterOp31_theGatewayReplacesOurLeaf_andWeAreBackInSync()
    {
        var (gateway, a, us) = await TwoMemberGroupAsync();
        var oldLeaf = us.Session.LeafIndex!.Value;
        var (add, _) = await gateway.ProposeAsync(us.Session.GroupId, 1, removes: [0]);
        var garbage = DaveBytes.WithTransition(50, add[3..]);

        us.Session.OnCommit(garbage);
        us.Sender.Last(VoiceOpcode.DaveMlsInvalidCommitWelcome)!.TransitionId.ShouldBe(50);

        // The gateway removes the stale leaf and adds the new key package in one commit; we join again.
        var (replace, _) = await gateway.ProposeAsync(
            us.Session.GroupId,
            1,
            adds: [us.KeyPackageBytes],
            removes: [oldLeaf]);
        var (commit, welcome) = await a.ProcessProposalsAsync(replace, Everyone);
        await a.ProcessCommitAsync(commit!);
        us.Session.OnWelcome(DaveBytes.WithTransition(51, welcome!));
        us.Session.OnExecuteTransition(51);

        await AssertInSyncAsync(us, 2, a);
        us.Session.Stats.Recoveries.ShouldBe(1);
        us.Session.Stats.WelcomesProcessed.ShouldBe(2);
    }

    [Fact]
    public async Task Scenario5_mutatedDaveyWelcome_andWelcomeFromAnotherExternalSender_rejected()
    {
        var gateway = await DaveyExternalSender.CreateAsync(harness, _prefix + "gw");
        var impostor = await DaveyExternalSender.CreateAsync(harness, _prefix + "imp");
        var a = await DaveyMember.CreateAsync(harness, _prefix + "A", DaveyA, Channel, impostor.Package);
        using var us = new DaveMember(Ours, Channel).Start(gateway.Package, Everyone);
        await a.KeyPackageAsync();
        var (add, _) = await impostor.ProposeAsync(us.Session.GroupId, 0, adds: [us.KeyPackageBytes]);
        var (_, welcome) = await a.ProcessProposalsAsync(add, Everyone);
        var mutated = (byte[])welcome!.Clone();
        mutated[^3] ^= 0x01;

        us.Session.OnWelcome(DaveBytes.WithTransition(30, mutated));
        us.Session.Rejections.Last().MlsKind.ShouldBe(MlsErrorKind.DecryptionFailed);

        // The key package changed with the recovery; a Welcome for the new one but the impostor's group.
        var a2 = await DaveyMember.CreateAsync(harness, _prefix + "A2", DaveyA, Channel, impostor.Package);
        await a2.KeyPackageAsync();
        (add, _) = await impostor.ProposeAsync(us.Session.GroupId, 0, adds: [us.KeyPackageBytes]);
        (_, welcome) = await a2.ProcessProposalsAsync(add, Everyone);
        us.Session.OnWelcome(DaveBytes.WithTransition(31, welcome!));

        var rejection = us.Session.Rejections.Last();
        rejection.Kind.ShouldBe(DaveRejectionKind.WrongExternalSender);
        rejection.Recovered.ShouldBeTrue();
        us.Sender.Take(VoiceOpcode.DaveMlsInvalidCommitWelcome).Select(m => m.TransitionId).ShouldBe([30, 31]);
        us.Session.Stats.Recoveries.ShouldBe(2);
    }

    [Fact]
    public async Task Scenario6_replayOutOfOrderSilenceAndPlainFrames()
    {
        var (_, a, us) = await TwoMemberGroupAsync();
        var f1 = await a.EncryptAsync([1, 1]);
        var f2 = await a.EncryptAsync([2, 2]);
        var f3 = await a.EncryptAsync([3, 3]);

        Decrypt(us, f3).ShouldBe(DaveFrameResult.Decrypted);
        Decrypt(us, f1).ShouldBe(DaveFrameResult.Decrypted);
        Decrypt(us, f2).ShouldBe(DaveFrameResult.Decrypted);
        Decrypt(us, f2).ShouldBe(DaveFrameResult.Replayed);
        Decrypt(us, f1[..^1]).ShouldBe(DaveFrameResult.NotProtocolFrame);
        Decrypt(us, await a.EncryptAsync([0xF8, 0xFF, 0xFE])).ShouldBe(DaveFrameResult.Silence);
        Decrypt(us, [0xFC, 1, 2, 3]).ShouldBe(DaveFrameResult.NotProtocolFrame);

        // A downgrade being prepared opens pass-through for plain frames.
        us.Session.OnPrepareTransition(40, 0);
        Decrypt(us, [0xFC, 1, 2, 3]).ShouldBe(DaveFrameResult.PassedThrough);
        var stats = us.Session.Stats.Speakers[DaveyA];
        stats.ShouldBe(new DaveSpeakerStats(4, 3, 2));
    }

    [Fact]
    public async Task OurCommits_daveyJoinsThroughOurWelcome_followsOurAddAndRemoveCommits()
    {
        var gateway = await DaveyExternalSender.CreateAsync(harness, _prefix + "gw");
        using var us = new DaveMember(Ours, Channel).Start(gateway.Package, Everyone);
        var a = await DaveyMember.CreateAsync(harness, _prefix + "A", DaveyA, Channel, gateway.Package);
        var groupId = us.Session.GroupId;

        // We are alone and pending: the bot commits the Add as the protocol expects; the gateway echoes it.
        var (add, _) = await gateway.ProposeAsync(groupId, 0, adds: [await a.KeyPackageAsync()]);
        us.Session.OnProposals(add);
        var (commit, welcome) = us.LastCommit();
        MlsMessage.Decode(commit).PublicMessage!.Content.Commit!.Path.ShouldBeNull();
        us.Session.OnCommit(DaveBytes.WithTransition(0, commit));
        await a.ProcessWelcomeAsync(welcome);
        await AssertInSyncAsync(us, 1, a);

        // B is added; both commit, ours wins: A follows our add-only commit, B joins through our Welcome.
        var b = await DaveyMember.CreateAsync(harness, _prefix + "B", DaveyB, Channel, gateway.Package);
        (add, _) = await gateway.ProposeAsync(groupId, 1, adds: [await b.KeyPackageAsync()]);
        us.Session.OnProposals(add);
        await a.ProcessProposalsAsync(add, Everyone);
        (commit, welcome) = us.LastCommit();
        us.Session.OnCommit(DaveBytes.WithTransition(0, commit));
        await a.ProcessCommitAsync(commit);
        await b.ProcessWelcomeAsync(welcome);
        await AssertInSyncAsync(us, 2, a, b);

        // A is removed: our commit carries an UpdatePath that B decrypts.
        var leafA = (uint)(await a.InfoAsync())["leaf"]!.GetValue<int>();
        (add, _) = await gateway.ProposeAsync(groupId, 2, removes: [leafA]);
        us.Session.OnProposals(add);
        await b.ProcessProposalsAsync(add, Everyone);
        (commit, welcome) = us.LastCommit();
        MlsMessage.Decode(commit).PublicMessage!.Content.Commit!.Path.ShouldNotBeNull();
        welcome.ShouldBeEmpty();
        us.Session.OnCommit(DaveBytes.WithTransition(0, commit));
        await b.ProcessCommitAsync(commit);
        await AssertInSyncAsync(us, 3, b);
        us.Session.Stats.CommitsSent.ShouldBe(3);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(11)]
    public async Task Churn_randomAddsRemovesAndWinners_everyoneStaysInSync(int seed)
    {
        var random = new Random(seed);
        var gateway = await DaveyExternalSender.CreateAsync(harness, _prefix + "gw");
        var recognized = new[] { Ours }.Concat(Enumerable.Range(1, 4).Select(Id)).ToArray();
        using var us = new DaveMember(Ours, Channel).Start(gateway.Package, recognized);
        var inGroup = new List<DaveyMember>();
        for (var round = 1; round <= 10; round++)
        {
            var epoch = us.Session.Epoch ?? 0;
            var outside = Enumerable.Range(1, 4).Select(Id).Where(id => inGroup.All(m => m.UserId != id)).ToList();
            DaveyMember? joiner = null;
            DaveyMember? leaving = null;
            (byte[] Payload, List<byte[]> Refs) proposals;
            if (outside.Count > 0 && (inGroup.Count == 0 || random.Next(3) > 0))
            {
                var id = outside[random.Next(outside.Count)];
                var name = $"{_prefix}u{id}r{round}";
                joiner = await DaveyMember.CreateAsync(harness, name, id, Channel, gateway.Package);
                var keyPackage = await joiner.KeyPackageAsync();
                proposals = await gateway.ProposeAsync(us.Session.GroupId, epoch, adds: [keyPackage]);
            }
            else
            {
                leaving = inGroup[random.Next(inGroup.Count)];
                var leaf = (uint)(await leaving.InfoAsync())["leaf"]!.GetValue<int>();
                proposals = await gateway.ProposeAsync(us.Session.GroupId, epoch, removes: [leaf]);
            }

            // Every member holding the proposal commits; the gateway broadcasts one of them.
            us.Session.OnProposals(proposals.Payload);
            var candidates = new List<(DaveyMember? Member, byte[] Commit, byte[] Welcome)>
            {
                (null, us.LastCommit().Commit, us.LastCommit().Welcome),
            };
            foreach (var member in inGroup.Where(m => m != leaving))
            {
                var (commit, welcome) = await member.ProcessProposalsAsync(proposals.Payload, recognized);
                candidates.Add((member, commit!, welcome ?? []));
            }

            var winner = candidates[random.Next(candidates.Count)];
            var transition = round * 3;
            us.Session.OnCommit(DaveBytes.WithTransition(transition, winner.Commit));
            foreach (var member in inGroup.Where(m => m != leaving))
            {
                await member.ProcessCommitAsync(winner.Commit);
            }

            if (joiner is not null)
            {
                await joiner.ProcessWelcomeAsync(winner.Welcome);
                inGroup.Add(joiner);
            }

            if (leaving is not null)
            {
                inGroup.Remove(leaving);
            }

            us.Sender.Last(VoiceOpcode.DaveTransitionReady)!.TransitionId.ShouldBe(transition);
            us.Session.OnExecuteTransition(transition);
            await AssertInSyncAsync(us, epoch + 1, [.. inGroup]);
        }

        us.Session.Rejections.ShouldBeEmpty();
        us.Session.Stats.Recoveries.ShouldBe(0);
        us.Session.Members.Count.ShouldBe(inGroup.Count + 1);

        static ulong Id(int i) => DaveyA + (ulong)i;
    }

    private async Task<(DaveyExternalSender Gateway, DaveyMember A, DaveMember Us)> TwoMemberGroupAsync()
    {
        var gateway = await DaveyExternalSender.CreateAsync(harness, _prefix + "gw");
        var a = await DaveyMember.CreateAsync(harness, _prefix + "A", DaveyA, Channel, gateway.Package);
        var us = new DaveMember(Ours, Channel).Start(gateway.Package, Everyone);
        await a.KeyPackageAsync();
        var (add, _) = await gateway.ProposeAsync(us.Session.GroupId, 0, adds: [us.KeyPackageBytes]);
        var (commit, welcome) = await a.ProcessProposalsAsync(add, Everyone);
        await a.ProcessCommitAsync(commit!);
        us.Session.OnWelcome(DaveBytes.WithTransition(0, welcome!));
        await AssertInSyncAsync(us, 1, a);
        return (gateway, a, us);
    }

    /// <summary>Equal epochs, authenticators and privacy codes; every davey member's frames decrypt here and ours
    /// decrypt in every davey member.</summary>
    private static async Task AssertInSyncAsync(DaveMember us, ulong epoch, params DaveyMember[] others)
    {
        us.Session.Epoch.ShouldBe(epoch);
        foreach (var other in others)
        {
            var info = await other.InfoAsync();
            info["epoch"]!.GetValue<long>().ShouldBe((long)epoch);
            (await other.AuthenticatorAsync()).ShouldBe(us.Session.EpochAuthenticator);
            info["privacyCode"]!.GetValue<string>().ShouldBe(us.Session.PrivacyCode);

            var frame = await other.EncryptAsync(Opus);
            us.Session.DecryptFrame(other.UserId, frame, out var plain).ShouldBe(DaveFrameResult.Decrypted);
            plain.ShouldBe(Opus);
            (await other.DecryptAsync(us.UserId, us.Session.EncryptFrame(Opus))).ShouldBe(Opus);
        }
    }

    private static DaveFrameResult Decrypt(DaveMember us, byte[] frame) =>
        us.Session.DecryptFrame(DaveyA, frame, out _);

    private const string CapturedAppend =
        "41f000010001080cde77eadc823033000000000000000002000000000002000100010002404104a61acd34ff0548e6f767cc4df9"
        + "619b51ba5814d52ee558284fc554405768e9e741ba32276414941b7c0190dcb5dfc3349a168f1247ecbdf6fc69f3eecab3765d"
        + "404104f44da24e5aa9f73796fa38be115556e6b7d4f6ba55d2ecc3f1b9d198af6237e3fc8fc635996b6c76e77b4acace33f5cf"
        + "d745ad0d540dd6f03f0da85c82e14714404104e7793985ed074af49568b53cf2e3974688279f02ee8d7c7df099ce3c7a1a28e7"
        + "47f59a7c7c23e9ef4f7815fb3469f39ea124f8b76712c41b763a55b867e6b48b00010802333999400200000200010200020000"
        + "020001010000000000000000ffffffffffffffff0040483046022100d874dc777d4ede7e6d3374f737bc1394ac0ffd0635abdc"
        + "9d02b3e359e059466a022100e62e97aefd5c6b32ff0ac5c5159dbe94f6f5a01bd0dd14a9dcc4d1e6248972ac004047304502"
        + "205168abdf8d83a48daf8d5960afb305022de707c7496087feb43004c9fd2be5e80221008312a6f6df1ff593671a39f9966f6d"
        + "1caef43e0c6d53c74300ba089ceeecfbf440473045022100cdbe804ba06a9be17615fe3c7f9055f31a6d0ea9402dd9fda6d109"
        + "e9a3cb632b022067409e59f6b7f0a3eddd330a092a6c13d99d12abaebe0d6d40a0dae435c2a7a2";
}
