using System.Text;
using Pandora.Mls;
using Pandora.Mls.Codec;
using Pandora.Mls.Crypto;
using Pandora.Mls.Group;
using Pandora.Mls.Messages;
using Pandora.Mls.Schedule;

namespace Pandora.Tests.Mls;

/// <summary>
/// Real Discord voice-gateway payloads (captured in davey-node's tests, quoted in the protocol brief §5.2) fed to
/// the MLS engine: the external sender package, an external Add proposal and the revoke naming its reference.
/// </summary>
public sealed class DaveCapturedDataTests
{
    private const string ExternalSenderHex =
        "404104ca1a2b102501d0672bd45ed74ffb83e078b2ba5b12c3f69fad56f083b6a35fc989c6736b5852b5aecdfcdf206e156d3d1dba"
        + "8e3e5b2f89fc0c16f11614e84e4a00010100";

    private const string AppendHex =
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

    private const string RevokeHex = "212062386ffb20b28f556b2465c0a2520ba2b074fca00e94b2fdebc0496d544cd6c0";

    [Fact]
    public void ReceiveProposal_capturedExternalAdd_verifiesAndMatchesRevokedRef()
    {
        var sender = TlsReader.DecodeAll(Convert.FromHexString(ExternalSenderHex), ExternalSender.Read);
        sender.Credential.Identity.ShouldBe(new byte[] { 0 });
        var group = MlsGroup.Create(
            Convert.FromHexString("0cde77eadc823033"),
            GroupLifecycleTests.NewMember(158049329150427136),
            [ExternalSender.ToExtension([sender])]);

        var messages = TlsReader.DecodeAll(Convert.FromHexString(AppendHex), r => r.ReadVector(inner =>
        {
            var list = new List<MlsMessage>();
            while (inner.Remaining > 0)
            {
                list.Add(MlsMessage.Read(inner));
            }

            return list;
        }));
        messages.Count.ShouldBe(1);
        var proposal = messages[0].PublicMessage!.Content.Proposal!;
        proposal.Type.ShouldBe(ProposalType.Add);
        proposal.Add!.LeafNode.Credential.Identity.ShouldBe(Convert.FromHexString("0233399940020000"));
        proposal.Add.Ref()
            .ShouldBe(Convert.FromHexString("d3b05020630bd37fcc34a4f18b07b44c4d5b6db047b741a4e690a9884ea5e2ea"));

        var reference = group.ReceiveProposal(messages[0]);
        var revoked = TlsReader.DecodeAll(Convert.FromHexString(RevokeHex), r => r.ReadList(x => x.ReadOpaque()));
        revoked.Single().ShouldBe(reference);
        group.PendingProposalCount.ShouldBe(1);
    }

    [Fact]
    public void ReceiveProposal_capturedAddWithFlippedSignature_rejectedWithBadSignature()
    {
        var sender = TlsReader.DecodeAll(Convert.FromHexString(ExternalSenderHex), ExternalSender.Read);
        var group = MlsGroup.Create(
            Convert.FromHexString("0cde77eadc823033"),
            GroupLifecycleTests.NewMember(1),
            [ExternalSender.ToExtension([sender])]);
        var bytes = Convert.FromHexString(AppendHex)[2..];
        bytes[^5] ^= 1;
        Should.Throw<MlsException>(() => group.ReceiveProposal(MlsMessage.Decode(bytes)))
            .Kind.ShouldBe(MlsErrorKind.BadSignature);
    }

    [Fact]
    public void Export_daveBaseSecretExample_matches()
    {
        var exporterSecret = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var context = Convert.FromHexString("0000024099393302");
        EpochSecrets.Export(exporterSecret, Encoding.ASCII.GetBytes("Discord Secure Frames v0"), context, 16)
            .ShouldBe(Convert.FromHexString("f2e61d22912fe6f4f597005126e4d569"));
    }

    [Fact]
    public void DeriveTreeSecret_sixteenByteSecret_matchesDaveyRatchet()
    {
        var baseSecret = Convert.FromHexString("cedd61b1b8a1ca69046554282cf70b7b");
        MlsCrypto.DeriveTreeSecret(baseSecret, "key", 0, 16)
            .ShouldBe(Convert.FromHexString("7530f9a9945e2d2e06d0651f7b2a864b"));
    }
}
