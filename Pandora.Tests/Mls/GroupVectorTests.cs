using System.Text.Json;
using Pandora.Mls;
using Pandora.Mls.Crypto;
using Pandora.Mls.Group;
using Pandora.Mls.Messages;
using Pandora.Mls.Schedule;
using Pandora.Mls.Tree;

namespace Pandora.Tests.Mls;

public sealed class GroupVectorTests
{
    [Fact]
    public void Welcome_suite2_decryptsAndVerifies()
    {
        var ran = 0;
        foreach (var e in MlsVectors.Suite2("welcome.json"))
        {
            var kp = MlsMessage.Decode(e.Hex("key_package")).KeyPackage!;
            kp.Validate();
            var bundle = new KeyPackageBundle(kp, e.Hex("init_priv"), [], []);
            var welcome = MlsMessage.Decode(e.Hex("welcome")).Welcome!;
            var (secrets, info) = MlsGroup.OpenWelcome(welcome, bundle, null, out var psk);
            MlsCrypto.VerifyWithLabel(
                e.Hex("signer_pub"),
                "GroupInfoTBS",
                info.ToBeSigned(),
                info.Signature).ShouldBeTrue();
            var epoch = EpochSecrets.FromJoiner(secrets.JoinerSecret, psk, info.GroupContext.Encode());
            epoch.ConfirmationTag(info.GroupContext.ConfirmedTranscriptHash).ShouldBe(info.ConfirmationTag);
            ran++;
        }

        MlsVectors.Report("welcome.json", ran, 1);
    }

    [Fact]
    public void PassiveClientWelcome_suite2_joinsWithExpectedAuthenticator()
    {
        var ran = 0;
        foreach (var e in MlsVectors.Suite2("passive-client-welcome.json"))
        {
            var group = JoinPassive(e);
            group.EpochAuthenticator.ShouldBe(e.Hex("initial_epoch_authenticator"));
            FollowEpochs(group, e);
            ran++;
        }

        MlsVectors.Report("passive-client-welcome.json", ran, 8);
    }

    [Fact]
    public void PassiveClientHandlingCommit_suite2_followsEveryEpoch()
    {
        var ran = 0;
        var failures = new List<string>();
        var entries = MlsVectors.Suite2("passive-client-handling-commit.json");
        for (int i = 0; i < entries.Count; i++)
        {
            try
            {
                var group = JoinPassive(entries[i]);
                group.EpochAuthenticator.ShouldBe(entries[i].Hex("initial_epoch_authenticator"));
                FollowEpochs(group, entries[i]);
                ran++;
            }
            catch (Exception ex) when (ex is MlsException or Shouldly.ShouldAssertException)
            {
                failures.Add($"entry {i}: {ex.GetType().Name} {(ex as MlsException)?.Kind} {ex.Message}");
            }
        }

        foreach (var f in failures)
        {
            TestContext.Current.TestOutputHelper?.WriteLine(f);
        }

        MlsVectors.Report("passive-client-handling-commit.json", ran, 13);
    }

    internal static MlsGroup JoinPassive(JsonElement e)
    {
        var kp = MlsMessage.Decode(e.Hex("key_package")).KeyPackage!;
        MlsCrypto.PublicKeyOf(e.Hex("init_priv")).ShouldBe(kp.InitKey);
        MlsCrypto.PublicKeyOf(e.Hex("encryption_priv")).ShouldBe(kp.LeafNode.EncryptionKey);
        MlsCrypto.PublicKeyOf(e.Hex("signature_priv")).ShouldBe(kp.LeafNode.SignatureKey);
        var bundle = new KeyPackageBundle(kp, e.Hex("init_priv"), e.Hex("encryption_priv"), e.Hex("signature_priv"));
        var psks = e.GetProperty("external_psks").EnumerateArray()
            .ToDictionary(p => Convert.ToHexString(p.Hex("psk_id")), p => p.Hex("psk"));
        var tree = e.HexOrNull("ratchet_tree") is { } t ? RatchetTree.Decode(t) : null;
        var welcome = MlsMessage.Decode(e.Hex("welcome")).Welcome!;
        return MlsGroup.Join(welcome, bundle, tree, id => psks.GetValueOrDefault(Convert.ToHexString(id)));
    }

    internal static void FollowEpochs(MlsGroup group, JsonElement e)
    {
        var n = 0;
        foreach (var epoch in e.GetProperty("epochs").EnumerateArray())
        {
            foreach (var p in epoch.GetProperty("proposals").EnumerateArray())
            {
                group.ReceiveProposal(MlsMessage.Decode(Convert.FromHexString(p.GetString()!)));
            }

            group.ProcessCommit(MlsMessage.Decode(epoch.Hex("commit")));
            group.EpochAuthenticator.ShouldBe(epoch.Hex("epoch_authenticator"), $"epoch {n}");
            n++;
        }
    }
}
