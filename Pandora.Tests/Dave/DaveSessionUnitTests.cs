using Pandora.Discord.Dave;
using Pandora.Discord.Voice;
using Pandora.Mls;
using Pandora.Mls.Messages;

namespace Pandora.Tests.Dave;

/// <summary>The DAVE session state machine against captured Discord bytes and a C# fake gateway (brief §4.4-4.9).
/// </summary>
public sealed class DaveSessionUnitTests
{
    private const ulong Channel = 927310423890473011;
    private const ulong Bot = 158049329150427136;
    private const ulong Added = 158533742254751744;

    private const string CapturedExternalSender =
        "404104ca1a2b102501d0672bd45ed74ffb83e078b2ba5b12c3f69fad56f083b6a35fc989c6736b5852b5aecdfcdf206e156d3d1dba"
        + "8e3e5b2f89fc0c16f11614e84e4a00010100";

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

    private const string CapturedRevoke = "212062386ffb20b28f556b2465c0a2520ba2b074fca00e94b2fdebc0496d544cd6c0";

    [Fact]
    public void OnProposals_capturedDiscordAdd_isVerifiedCommittedThenRevoked()
    {
        using var bot = new DaveMember(Bot, Channel).Start(DaveBytes.Hex(CapturedExternalSender), Added);
        bot.Sender.Last(VoiceOpcode.DaveMlsKeyPackage).ShouldNotBeNull();

        bot.Session.OnProposals([0, .. DaveBytes.Hex(CapturedAppend)]);

        bot.Session.Rejections.ShouldBeEmpty();
        bot.Session.PendingProposalCount.ShouldBe(1);
        var (commit, welcome) = bot.LastCommit();
        var refs = MlsMessage.Decode(commit).PublicMessage!.Content.Commit!.Proposals.Select(p => p.Reference).ToList();
        refs.ShouldHaveSingleItem().ShouldBe(DaveBytes.Hex(CapturedRevoke)[2..]);
        welcome.ShouldNotBeEmpty();

        bot.Session.OnProposals([1, .. DaveBytes.Hex(CapturedRevoke)]);

        bot.Session.Rejections.ShouldBeEmpty();
        bot.Session.PendingProposalCount.ShouldBe(0);
        bot.Session.Stats.CommitsSent.ShouldBe(1);
    }

    [Fact]
    public void OnProposals_addOfUserNotInTheCall_isRejectedAndNotCommitted()
    {
        using var bot = new DaveMember(Bot, Channel).Start(DaveBytes.Hex(CapturedExternalSender));

        bot.Session.OnProposals([0, .. DaveBytes.Hex(CapturedAppend)]);

        bot.Session.Rejections.ShouldHaveSingleItem().Kind.ShouldBe(DaveRejectionKind.UnrecognizedUser);
        bot.Sender.Last(VoiceOpcode.DaveMlsCommitWelcome).ShouldBeNull();
    }

    [Fact]
    public void OnProposals_mutatedExternalSignature_isRejected()
    {
        using var bot = new DaveMember(Bot, Channel).Start(DaveBytes.Hex(CapturedExternalSender), Added);
        var forged = DaveBytes.Hex(CapturedAppend);
        forged[^5] ^= 0x01;

        bot.Session.OnProposals([0, .. forged]);

        var rejection = bot.Session.Rejections.ShouldHaveSingleItem();
        rejection.MlsKind.ShouldBe(MlsErrorKind.BadSignature);
        bot.Session.PendingProposalCount.ShouldBe(0);
    }

    [Fact]
    public void OnProposals_revokeOfUnknownRef_isRejectedWithReason()
    {
        using var bot = new DaveMember(Bot, Channel).Start(DaveBytes.Hex(CapturedExternalSender), Added);

        bot.Session.OnProposals([1, .. DaveBytes.Hex(CapturedRevoke)]);

        bot.Session.Rejections.ShouldHaveSingleItem().Kind.ShouldBe(DaveRejectionKind.UnknownProposalRef);
    }

    [Theory]
    [InlineData("")]
    [InlineData("02")]
    [InlineData("0041")]
    [InlineData("00050001000100")]
    public void OnProposals_garbage_isMalformedNeverACrash(string hex)
    {
        using var bot = new DaveMember(Bot, Channel).Start(DaveBytes.Hex(CapturedExternalSender), Added);

        bot.Session.OnProposals(DaveBytes.Hex(hex));

        bot.Session.Rejections.ShouldNotBeEmpty();
        bot.Session.Stats.MessagesRejected.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void OnProposals_wrongEpochOrAnotherGroup_rejectedWithTheMlsReason()
    {
        var gateway = new TestExternalSender();
        using var a = new DaveMember(1, Channel).Start(gateway.Package, 1, 2);
        using var b = new DaveMember(2, Channel).Start(gateway.Package, 1, 2);
        var (late, _) = gateway.Propose(a.Session.GroupId, 3, Proposal.CreateAdd(b.KeyPackage));
        var (foreign, _) = gateway.Propose(DaveSession.IdBytes(Channel + 1), 0, Proposal.CreateAdd(b.KeyPackage));

        a.Session.OnProposals(late);
        a.Session.OnProposals(foreign);

        a.Session.Rejections.Select(r => r.MlsKind).ShouldBe([MlsErrorKind.WrongEpoch, MlsErrorKind.WrongGroup]);
        a.Session.PendingProposalCount.ShouldBe(0);
        a.Sender.Last(VoiceOpcode.DaveMlsCommitWelcome).ShouldBeNull();
    }

    [Fact]
    public void DaveExternalSender_acceptsOnlyCommitsCoveringExactlyTheEpochsProposals()
    {
        var gateway = new DaveExternalSender();
        using var bot = new DaveMember(1, Channel).Start(gateway.Package, 1, 2);
        using var user = new DaveMember(2, Channel).Start(gateway.Package, 1, 2);
        var groupId = bot.Session.GroupId;
        var (add, refs) = gateway.Propose(groupId, 0, [Proposal.CreateAdd(user.KeyPackage)]);
        bot.Session.OnProposals(add);
        var (commit, welcome) = bot.LastCommit();

        DaveExternalSender.IsAcceptableCommit(commit, groupId, 0, [.. refs]).ShouldBeTrue();
        DaveExternalSender.IsAcceptableCommit(commit, groupId, 1, [.. refs]).ShouldBeFalse();
        DaveExternalSender.IsAcceptableCommit(commit, DaveSession.IdBytes(7), 0, [.. refs]).ShouldBeFalse();
        DaveExternalSender.IsAcceptableCommit(commit, groupId, 0, []).ShouldBeFalse();
        DaveExternalSender.IsAcceptableCommit(welcome, groupId, 0, [.. refs]).ShouldBeFalse();
        DaveExternalSender.IsAcceptableCommit([1, 2, 3], groupId, 0, [.. refs]).ShouldBeFalse();
    }

    [Fact]
    public void BotAlone_commitsTheAdd_bothMembersAgreeAndFramesDecryptBothWays()
    {
        var gateway = new TestExternalSender();
        using var bot = new DaveMember(1, Channel).Start(gateway.Package, 1, 2);
        using var user = new DaveMember(2, Channel).Start(gateway.Package, 1, 2);

        Form(gateway, bot, user, transitionId: 5);

        bot.Session.Epoch.ShouldBe(1ul);
        user.Session.Epoch.ShouldBe(1ul);
        bot.Session.EpochAuthenticator.ShouldBe(user.Session.EpochAuthenticator);
        bot.Session.PrivacyCode.Length.ShouldBe(30);
        bot.Sender.Last(VoiceOpcode.DaveTransitionReady)!.TransitionId.ShouldBe(5);
        user.Sender.Last(VoiceOpcode.DaveTransitionReady)!.TransitionId.ShouldBe(5);
        AssertFramesFlow(bot, user);
    }

    [Fact]
    public void Members_followAddAndRemoveWithPath_andTheRemovedOneResets()
    {
        var gateway = new TestExternalSender();
        using var a = new DaveMember(1, Channel).Start(gateway.Package, 1, 2, 3);
        using var b = new DaveMember(2, Channel).Start(gateway.Package, 1, 2, 3);
        using var c = new DaveMember(3, Channel).Start(gateway.Package, 1, 2, 3);
        Form(gateway, a, b, transitionId: 0);
        var groupId = a.Session.GroupId;

        var (add, _) = gateway.Propose(groupId, 1, Proposal.CreateAdd(c.KeyPackage));
        a.Session.OnProposals(add);
        b.Session.OnProposals(add);
        var (commit, welcome) = b.LastCommit();
        a.Session.OnCommit(DaveBytes.WithTransition(0, commit));
        b.Session.OnCommit(DaveBytes.WithTransition(0, commit));
        c.Session.OnWelcome(DaveBytes.WithTransition(0, welcome));
        c.Session.EpochAuthenticator.ShouldBe(a.Session.EpochAuthenticator);
        b.Session.EpochAuthenticator.ShouldBe(a.Session.EpochAuthenticator);

        var (remove, _) = gateway.Propose(groupId, 2, Proposal.CreateRemove(c.Session.LeafIndex!.Value));
        a.Session.OnProposals(remove);
        b.Session.OnProposals(remove);
        c.Session.OnProposals(remove);
        (commit, _) = a.LastCommit();
        MlsMessage.Decode(commit).PublicMessage!.Content.Commit!.Path.ShouldNotBeNull();
        foreach (var member in new[] { a, b, c })
        {
            member.Session.OnCommit(DaveBytes.WithTransition(0, commit));
        }

        a.Session.Epoch.ShouldBe(3ul);
        b.Session.EpochAuthenticator.ShouldBe(a.Session.EpochAuthenticator);
        c.Session.IsEstablished.ShouldBeFalse();
        c.Session.Rejections.Last().Kind.ShouldBe(DaveRejectionKind.Removed);
        c.Sender.Take(VoiceOpcode.DaveMlsKeyPackage).Count.ShouldBe(2);
        AssertFramesFlow(a, b);
    }

    [Fact]
    public void OnCommit_forAnotherGroup_wrongEpochOrMutated_recoversThroughOp31()
    {
        var gateway = new TestExternalSender();
        using var a = new DaveMember(1, Channel).Start(gateway.Package, 1, 2);
        using var b = new DaveMember(2, Channel).Start(gateway.Package, 1, 2);
        Form(gateway, a, b, transitionId: 0);
        using var x = new DaveMember(1, Channel + 1).Start(gateway.Package, 1, 2);
        using var y = new DaveMember(2, Channel + 1).Start(gateway.Package, 1, 2);
        Form(gateway, x, y, transitionId: 0);
        var (foreign, _) = x.LastCommit();

        b.Session.OnCommit(DaveBytes.WithTransition(7, foreign));

        var rejection = b.Session.Rejections.Last();
        rejection.MlsKind.ShouldBe(MlsErrorKind.WrongGroup);
        rejection.Recovered.ShouldBeTrue();
        b.Sender.Last(VoiceOpcode.DaveMlsInvalidCommitWelcome)!.TransitionId.ShouldBe(7);
        b.Session.IsEstablished.ShouldBeFalse();
        b.Sender.Sent[^1].Opcode.ShouldBe(VoiceOpcode.DaveMlsKeyPackage);

    }

    [Fact]
    public void OnCommit_replayedOldEpoch_isWrongEpochAndRecovers()
    {
        var gateway = new TestExternalSender();
        using var a = new DaveMember(1, Channel).Start(gateway.Package, 1, 2, 3);
        using var b = new DaveMember(2, Channel).Start(gateway.Package, 1, 2, 3);
        using var c = new DaveMember(3, Channel).Start(gateway.Package, 1, 2, 3);
        Form(gateway, a, b, transitionId: 0);
        var (first, _) = a.LastCommit();
        var (add, _) = gateway.Propose(a.Session.GroupId, 1, Proposal.CreateAdd(c.KeyPackage));
        a.Session.OnProposals(add);
        b.Session.OnProposals(add);
        var (second, _) = a.LastCommit();
        a.Session.OnCommit(DaveBytes.WithTransition(0, second));
        b.Session.OnCommit(DaveBytes.WithTransition(0, second));
        b.Session.Epoch.ShouldBe(2ul);

        b.Session.OnCommit(DaveBytes.WithTransition(8, first));

        b.Session.Rejections.Last().MlsKind.ShouldBe(MlsErrorKind.WrongEpoch);
        b.Sender.Last(VoiceOpcode.DaveMlsInvalidCommitWelcome)!.TransitionId.ShouldBe(8);
    }

    [Fact]
    public void OnCommit_mutatedSignatureOrTag_recoversThroughOp31()
    {
        var gateway = new TestExternalSender();
        using var a = new DaveMember(1, Channel).Start(gateway.Package, 1, 2, 3);
        using var b = new DaveMember(2, Channel).Start(gateway.Package, 1, 2, 3);
        using var c = new DaveMember(3, Channel).Start(gateway.Package, 1, 2, 3);
        Form(gateway, a, b, transitionId: 0);
        var (add, _) = gateway.Propose(a.Session.GroupId, 1, Proposal.CreateAdd(c.KeyPackage));
        a.Session.OnProposals(add);
        b.Session.OnProposals(add);
        var (commit, _) = a.LastCommit();
        var mutated = (byte[])commit.Clone();
        mutated[^40] ^= 0x10;

        b.Session.OnCommit(DaveBytes.WithTransition(9, mutated));

        var rejection = b.Session.Rejections.Last();
        rejection.Kind.ShouldBe(DaveRejectionKind.Mls);
        rejection.Recovered.ShouldBeTrue();
        b.Session.Stats.Recoveries.ShouldBe(1);
        b.Sender.Last(VoiceOpcode.DaveMlsInvalidCommitWelcome)!.TransitionId.ShouldBe(9);
    }

    [Fact]
    public void OnWelcome_fromAnotherExternalSender_isRejectedAndRecovered()
    {
        var gateway = new TestExternalSender();
        var impostor = new TestExternalSender();
        using var a = new DaveMember(1, Channel).Start(impostor.Package, 1, 2);
        using var b = new DaveMember(2, Channel).Start(gateway.Package, 1, 2);
        var (add, _) = impostor.Propose(a.Session.GroupId, 0, Proposal.CreateAdd(b.KeyPackage));
        a.Session.OnProposals(add);
        var (_, welcome) = a.LastCommit();

        b.Session.OnWelcome(DaveBytes.WithTransition(4, welcome));

        var rejection = b.Session.Rejections.Last();
        rejection.Kind.ShouldBe(DaveRejectionKind.WrongExternalSender);
        rejection.Recovered.ShouldBeTrue();
        b.Session.IsEstablished.ShouldBeFalse();
        b.Sender.Last(VoiceOpcode.DaveMlsInvalidCommitWelcome)!.TransitionId.ShouldBe(4);
    }

    [Fact]
    public void OnCommit_whilePendingAndNotOurs_isIgnoredWithoutRecovery()
    {
        var gateway = new TestExternalSender();
        using var a = new DaveMember(1, Channel).Start(gateway.Package, 1, 2);
        using var b = new DaveMember(2, Channel).Start(gateway.Package, 1, 2);
        var (add, _) = gateway.Propose(a.Session.GroupId, 0, Proposal.CreateAdd(b.KeyPackage));
        a.Session.OnProposals(add);

        b.Session.OnCommit(DaveBytes.WithTransition(1, a.LastCommit().Commit));

        b.Session.Rejections.Last().Kind.ShouldBe(DaveRejectionKind.NoGroup);
        b.Sender.Last(VoiceOpcode.DaveMlsInvalidCommitWelcome).ShouldBeNull();
    }

    [Fact]
    public void Frames_unknownSenderAndPlainWhileStrict_areCountedAndDropped()
    {
        var gateway = new TestExternalSender();
        using var a = new DaveMember(1, Channel).Start(gateway.Package, 1, 2);
        using var b = new DaveMember(2, Channel).Start(gateway.Package, 1, 2);
        Form(gateway, a, b, transitionId: 0);

        b.Session.TryDecryptFrame(99, a.Session.EncryptFrame([1, 2, 3]), out _).ShouldBeFalse();
        b.Session.TryDecryptFrame(1, new byte[] { 0xFC, 1, 2, 3 }, out _).ShouldBeFalse();
        b.Session.TryDecryptFrame(1, new byte[] { 0xF8, 0xFF, 0xFE }, out var silence).ShouldBeTrue();

        silence.ToArray().ShouldBe(new byte[] { 0xF8, 0xFF, 0xFE });
        var stats = b.Session.Stats;
        stats.FailuresByReason[DaveFrameResult.UnknownSender].ShouldBe(1);
        stats.FailuresByReason[DaveFrameResult.NotProtocolFrame].ShouldBe(1);
        stats.Speakers[1].ShouldBe(new DaveSpeakerStats(0, 1, 1));
        stats.FramesFailed.ShouldBe(2);
    }

    [Fact]
    public void Transitions_downgradeThenUpgrade_passThroughOnlyWhereAllowed()
    {
        var time = new ManualTime();
        var gateway = new TestExternalSender();
        using var a = new DaveMember(1, Channel, time).Start(gateway.Package, 1, 2);
        using var b = new DaveMember(2, Channel, time).Start(gateway.Package, 1, 2);
        Form(gateway, a, b, transitionId: 0);
        byte[] plain = [0xFC, 9, 9, 9];
        b.Session.TryDecryptFrame(1, plain, out _).ShouldBeFalse();

        b.Session.OnPrepareTransition(12, 0);
        b.Session.TryDecryptFrame(1, plain, out _).ShouldBeTrue();
        b.Sender.Last(VoiceOpcode.DaveTransitionReady)!.TransitionId.ShouldBe(12);
        b.Session.OnExecuteTransition(12);
        b.Session.ProtocolVersion.ShouldBe(0);
        b.Session.IsEstablished.ShouldBeFalse();
        b.Session.TryDecryptFrame(1, plain, out var passed).ShouldBeTrue();
        passed.ToArray().ShouldBe(plain);

        // Upgrade: op 24 epoch 1 re-creates the group, the transition executes, plain frames pass 10 more seconds.
        b.Sender.Clear();
        b.Session.OnPrepareEpoch(1, 1);
        b.Sender.Last(VoiceOpcode.DaveMlsKeyPackage).ShouldNotBeNull();
        b.Session.OnPrepareTransition(13, 1);
        b.Session.OnExecuteTransition(13);
        b.Session.ProtocolVersion.ShouldBe(1);
        b.Session.TryDecryptFrame(1, plain, out _).ShouldBeTrue();
        time.Advance(TimeSpan.FromSeconds(11));
        b.Session.TryDecryptFrame(1, plain, out _).ShouldBeFalse();
        b.Session.Stats.Speakers[1].PassedThrough.ShouldBe(3);
    }

    [Fact]
    public void Frames_withProtocolVersionZero_allPassThroughEvenDaveLookingOnes()
    {
        using var session = new DaveSession(1, Channel);
        var sender = new RecordingSender();
        session.Attach(sender);
        session.OnSessionDescription(0);
        var looksLikeDave = DaveFrameEncryptor.EncryptWith(new byte[16], 1, [1, 2, 3]);

        session.TryDecryptFrame(2, looksLikeDave, out var opus).ShouldBeTrue();
        session.TryDecryptFrame(2, new byte[] { 0xFC, 1 }, out _).ShouldBeTrue();

        opus.ToArray().ShouldBe(looksLikeDave);
        session.Stats.FramesPassedThrough.ShouldBe(2);
        sender.Sent.ShouldBeEmpty();
    }

    [Fact]
    public void SoleMemberReset_epochOneThenTransitionZero_newKeyPackageNoOp23()
    {
        var gateway = new TestExternalSender();
        using var a = new DaveMember(1, Channel).Start(gateway.Package, 1);
        a.Sender.Clear();

        a.Session.OnPrepareEpoch(1, 1);
        a.Session.OnPrepareTransition(0, 1);

        a.Sender.Sent.Select(m => m.Opcode).ShouldBe([VoiceOpcode.DaveMlsKeyPackage]);
        a.Session.ProtocolVersion.ShouldBe(1);
    }

    [Fact]
    public void Frames_manyFailuresInARow_recoverWithTheLastTransition()
    {
        var gateway = new TestExternalSender();
        using var a = new DaveMember(1, Channel).Start(gateway.Package, 1, 2);
        using var b = new DaveMember(2, Channel).Start(gateway.Package, 1, 2);
        Form(gateway, a, b, transitionId: 6);
        b.Session.OnExecuteTransition(6);
        var forged = DaveFrameEncryptor.EncryptWith(new byte[16], 1, [1, 2, 3]);

        for (var i = 0; i <= DaveSession.FailuresBeforeRecovery; i++)
        {
            b.Session.TryDecryptFrame(1, forged, out _).ShouldBeFalse();
        }

        b.Sender.Last(VoiceOpcode.DaveMlsInvalidCommitWelcome)!.TransitionId.ShouldBe(6);
        b.Session.Stats.Recoveries.ShouldBe(1);
    }

    [Fact]
    public async Task VoiceConnectionFactory_withDaveAnnounced_usesDaveSessionByDefault()
    {
        var info = new VoiceConnectionInfo(1, Channel, Bot, "session", "token", "127.0.0.1:1");
        var withDave = new VoiceConnectionFactory(new Pandora.Discord.DiscordOptions { Token = "t" });
        var without = new VoiceConnectionFactory(
            new Pandora.Discord.DiscordOptions { Token = "t", MaxDaveProtocolVersion = 0 });

        await using var on = withDave.Create(info);
        await using var off = without.Create(info);

        on.Stats.Dave.ShouldNotBeNull().ProtocolVersion.ShouldBe(0);
        off.Stats.Dave.ShouldBeNull();
    }

    /// <summary>The gateway adds <paramref name="joiner"/>; <paramref name="committer"/> (alone, pending) commits and
    /// wins; the joiner is welcomed; transitions execute.</summary>
    private static void Form(
        TestExternalSender gateway,
        DaveMember committer,
        DaveMember joiner,
        int transitionId,
        bool recreate = true)
    {
        var epoch = recreate ? 0ul : committer.Session.Epoch!.Value;
        var (add, _) = gateway.Propose(committer.Session.GroupId, epoch, Proposal.CreateAdd(joiner.KeyPackage));
        committer.Session.OnProposals(add);
        var (commit, welcome) = committer.LastCommit();
        committer.Session.OnCommit(DaveBytes.WithTransition(transitionId, commit));
        joiner.Session.OnWelcome(DaveBytes.WithTransition(transitionId, welcome));
        if (transitionId != 0)
        {
            committer.Session.OnExecuteTransition(transitionId);
            joiner.Session.OnExecuteTransition(transitionId);
        }
    }

    private static void AssertFramesFlow(DaveMember a, DaveMember b)
    {
        byte[] opus = [0xFC, 0x10, 0x20, 0x30, 0x40];
        a.Session.TryDecryptFrame(b.UserId, b.Session.EncryptFrame(opus), out var fromB).ShouldBeTrue();
        b.Session.TryDecryptFrame(a.UserId, a.Session.EncryptFrame(opus), out var fromA).ShouldBeTrue();
        fromB.ToArray().ShouldBe(opus);
        fromA.ToArray().ShouldBe(opus);
    }
}
