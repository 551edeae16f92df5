using System.Text.Json;
using Pandora.Discord.Dave;
using Pandora.Discord.Voice;
using Pandora.Mls.Messages;

namespace Pandora.Tests.Dave;

/// <summary>Hostile input: truncated, bit-flipped and random DAVE messages and frames are rejected and counted,
/// never thrown.</summary>
public sealed class DaveSessionFuzzUnitTests
{
    private const ulong Channel = 42;

    [Fact]
    public void Hooks_mutatedAndRandomMessages_neverThrow()
    {
        var random = new Random(1234);
        var gateway = new TestExternalSender();
        using var a = new DaveMember(1, Channel).Start(gateway.Package, 1, 2, 3);
        using var b = new DaveMember(2, Channel).Start(gateway.Package, 1, 2, 3);
        using var c = new DaveMember(3, Channel).Start(gateway.Package, 1, 2, 3);
        var (add, _) = gateway.Propose(a.Session.GroupId, 0, Proposal.CreateAdd(b.KeyPackage));
        a.Session.OnProposals(add);
        var (commit, welcome) = a.LastCommit();
        a.Session.OnCommit(DaveBytes.WithTransition(0, commit));
        var (add2, _) = gateway.Propose(a.Session.GroupId, 1, Proposal.CreateAdd(c.KeyPackage));
        a.Session.OnProposals(add2);
        var (commit2, welcome2) = a.LastCommit();
        byte[][] seeds =
        [
            add, add2, DaveBytes.WithTransition(1, commit), DaveBytes.WithTransition(1, welcome),
            DaveBytes.WithTransition(2, commit2), DaveBytes.WithTransition(2, welcome2), gateway.Package,
            a.Session.EncryptFrame([1, 2, 3, 4, 5, 6, 7, 8]),
        ];
        int[] ops = [25, 27, 29, 30];

        for (var i = 0; i < 3000; i++)
        {
            var input = Mutate(random, seeds[random.Next(seeds.Length)]);
            var target = random.Next(2) == 0 ? b : c;
            Should.NotThrow(() => target.Session.OnBinaryMessage(ops[random.Next(ops.Length)], input));
            Should.NotThrow(() => target.Session.TryDecryptFrame(1, input, out _));
        }

        b.Session.Stats.MessagesRejected.ShouldBeGreaterThan(100);
        b.Session.Stats.FramesFailed.ShouldBeGreaterThan(100);
    }

    [Theory]
    [InlineData(21, "{}")]
    [InlineData(21, "{\"transition_id\":\"x\",\"protocol_version\":1}")]
    [InlineData(22, "{\"transition_id\":99999999999}")]
    [InlineData(24, "{\"protocol_version\":1,\"epoch\":-1}")]
    [InlineData(11, "{\"user_ids\":[1,2]}")]
    [InlineData(11, "{\"user_ids\":[\"abc\"]}")]
    [InlineData(13, "{\"user_id\":null}")]
    public void OnJsonMessage_badFields_rejectedAsMalformed(int opcode, string json)
    {
        using var a = new DaveMember(1, Channel).Start(new TestExternalSender().Package, 1);
        using var doc = JsonDocument.Parse(json);

        Should.NotThrow(() => a.Session.OnJsonMessage(opcode, doc.RootElement));

        a.Session.Rejections.Last().Kind.ShouldBe(DaveRejectionKind.Malformed);
        a.Session.Rejections.Last().Opcode.ShouldBe((VoiceOpcode)opcode);
    }

    private static byte[] Mutate(Random random, byte[] seed)
    {
        var bytes = (byte[])seed.Clone();
        switch (random.Next(4))
        {
            case 0:
                return bytes[..random.Next(bytes.Length + 1)];

            case 1:
                for (var n = random.Next(1, 4); n > 0 && bytes.Length > 0; n--)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }

                return bytes;

            case 2:
                var noise = new byte[random.Next(64)];
                random.NextBytes(noise);
                return noise;

            default:
                if (bytes.Length > 0)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }

                return bytes;
        }
    }
}
