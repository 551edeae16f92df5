using System.Text;
using Pandora.Mls;
using Pandora.Mls.Codec;
using Pandora.Mls.Crypto;
using Pandora.Mls.Messages;
using Pandora.Mls.Schedule;

namespace Pandora.Tests.Mls;

public sealed class PrimitiveVectorTests
{
    [Fact]
    public void CryptoBasics_suite2_allChecksPass()
    {
        var ran = 0;
        foreach (var e in MlsVectors.Suite2("crypto-basics.json"))
        {
            var rh = e.GetProperty("ref_hash");
            MlsCrypto.RefHash(rh.Str("label"), rh.Hex("value")).ShouldBe(rh.Hex("out"));

            var ewl = e.GetProperty("expand_with_label");
            MlsCrypto.ExpandWithLabel(
                ewl.Hex("secret"),
                ewl.Str("label"),
                ewl.Hex("context"),
                ewl.GetProperty("length").GetInt32())
                .ShouldBe(ewl.Hex("out"));

            var ds = e.GetProperty("derive_secret");
            MlsCrypto.DeriveSecret(ds.Hex("secret"), ds.Str("label")).ShouldBe(ds.Hex("out"));

            var dts = e.GetProperty("derive_tree_secret");
            MlsCrypto.DeriveTreeSecret(
                    dts.Hex("secret"),
                    dts.Str("label"),
                    dts.GetProperty("generation").GetUInt32(),
                    dts.GetProperty("length").GetInt32())
                .ShouldBe(dts.Hex("out"));

            var swl = e.GetProperty("sign_with_label");
            var label = swl.Str("label");
            MlsCrypto.VerifyWithLabel(swl.Hex("pub"), label, swl.Hex("content"), swl.Hex("signature")).ShouldBeTrue();
            var own = MlsCrypto.SignWithLabel(swl.Hex("priv"), label, swl.Hex("content"));
            MlsCrypto.VerifyWithLabel(swl.Hex("pub"), label, swl.Hex("content"), own).ShouldBeTrue();
            var flipped = swl.Hex("signature");
            flipped[^1] ^= 1;
            MlsCrypto.VerifyWithLabel(swl.Hex("pub"), label, swl.Hex("content"), flipped).ShouldBeFalse();
            MlsCrypto.PublicKeyOf(swl.Hex("priv")).ShouldBe(swl.Hex("pub"));

            var enc = e.GetProperty("encrypt_with_label");
            var priv = enc.Hex("priv");
            MlsCrypto.DecryptWithLabel(
                priv,
                enc.Str("label"),
                enc.Hex("context"),
                enc.Hex("kem_output"),
                enc.Hex("ciphertext"))
                .ShouldBe(enc.Hex("plaintext"));
            var (kem, ct) = MlsCrypto.EncryptWithLabel(
                enc.Hex("pub"),
                enc.Str("label"),
                enc.Hex("context"),
                enc.Hex("plaintext"));
            MlsCrypto.DecryptWithLabel(
                priv,
                enc.Str("label"),
                enc.Hex("context"),
                kem,
                ct).ShouldBe(enc.Hex("plaintext"));
            ct[0] ^= 1;
            Should.Throw<MlsException>(() => MlsCrypto.DecryptWithLabel(
                priv,
                enc.Str("label"),
                enc.Hex("context"),
                kem,
                ct))
                .Kind.ShouldBe(MlsErrorKind.DecryptionFailed);
            ran++;
        }

        MlsVectors.Report("crypto-basics.json", ran, 1);
    }

    [Fact]
    public void KeySchedule_suite2_allEpochsMatch()
    {
        var ran = 0;
        foreach (var e in MlsVectors.Suite2("key-schedule.json"))
        {
            var groupId = e.Hex("group_id");
            var init = e.Hex("initial_init_secret");
            ulong epochNumber = 0;
            foreach (var ep in e.GetProperty("epochs").EnumerateArray())
            {
                var context = new GroupContext
                {
                    GroupId = groupId,
                    Epoch = epochNumber,
                    TreeHash = ep.Hex("tree_hash"),
                    ConfirmedTranscriptHash = ep.Hex("confirmed_transcript_hash"),
                }.Encode();
                context.ShouldBe(ep.Hex("group_context"));
                var s = EpochSecrets.Derive(init, ep.Hex("commit_secret"), ep.Hex("psk_secret"), context);
                s.JoinerSecret.ShouldBe(ep.Hex("joiner_secret"));
                s.WelcomeSecret.ShouldBe(ep.Hex("welcome_secret"));
                s.InitSecret.ShouldBe(ep.Hex("init_secret"));
                s.SenderDataSecret.ShouldBe(ep.Hex("sender_data_secret"));
                s.EncryptionSecret.ShouldBe(ep.Hex("encryption_secret"));
                s.ExporterSecret.ShouldBe(ep.Hex("exporter_secret"));
                s.EpochAuthenticator.ShouldBe(ep.Hex("epoch_authenticator"));
                s.ExternalSecret.ShouldBe(ep.Hex("external_secret"));
                s.ConfirmationKey.ShouldBe(ep.Hex("confirmation_key"));
                s.MembershipKey.ShouldBe(ep.Hex("membership_key"));
                s.ResumptionPsk.ShouldBe(ep.Hex("resumption_psk"));
                s.ExternalPublicKey().ShouldBe(ep.Hex("external_pub"));
                var ex = ep.GetProperty("exporter");
                s.Export(ex.Str("label"), ex.Hex("context"), ex.GetProperty("length").GetInt32())
                    .ShouldBe(ex.Hex("secret"));
                init = s.InitSecret;
                epochNumber++;
            }

            ran++;
        }

        MlsVectors.Report("key-schedule.json", ran, 1);
    }

    [Fact]
    public void SecretTree_suite2_allLeavesAndGenerationsMatch()
    {
        var ran = 0;
        foreach (var e in MlsVectors.Suite2("secret-tree.json"))
        {
            var sd = e.GetProperty("sender_data");
            var (key, nonce) = SecretTree.SenderDataKeyAndNonce(sd.Hex("sender_data_secret"), sd.Hex("ciphertext"));
            key.ShouldBe(sd.Hex("key"));
            nonce.ShouldBe(sd.Hex("nonce"));
            var leaves = e.GetProperty("leaves");
            var tree = new SecretTree(e.Hex("encryption_secret"), (uint)leaves.GetArrayLength());
            uint i = 0;
            foreach (var leaf in leaves.EnumerateArray())
            {
                foreach (var g in leaf.EnumerateArray())
                {
                    var gen = g.GetProperty("generation").GetUInt32();
                    var hs = tree.KeyAndNonce(i, RatchetKind.Handshake, gen);
                    hs.Key.ShouldBe(g.Hex("handshake_key"));
                    hs.Nonce.ShouldBe(g.Hex("handshake_nonce"));
                    var app = tree.KeyAndNonce(i, RatchetKind.Application, gen);
                    app.Key.ShouldBe(g.Hex("application_key"));
                    app.Nonce.ShouldBe(g.Hex("application_nonce"));
                }

                i++;
            }

            ran++;
        }

        MlsVectors.Report("secret-tree.json", ran, 3);
    }

    [Fact]
    public void PskSecret_suite2_allMatch()
    {
        var ran = 0;
        foreach (var e in MlsVectors.Suite2("psk_secret.json"))
        {
            var psks = e.GetProperty("psks").EnumerateArray()
                .Select(p => (
                    new PreSharedKeyId { PskId = p.Hex("psk_id"), PskNonce = p.Hex("psk_nonce") },
                    p.Hex("psk")))
                .ToList();
            PskSecret.Compute(psks).ShouldBe(e.Hex("psk_secret"));
            ran++;
        }

        MlsVectors.Report("psk_secret.json", ran, 11);
    }

    [Fact]
    public void TranscriptHashes_suite2_match()
    {
        var ran = 0;
        foreach (var e in MlsVectors.Suite2("transcript-hashes.json"))
        {
            var (format, content, signature, tag) = TlsReader.DecodeAll(e.Hex("authenticated_content"), r =>
            {
                var wf = (WireFormat)r.ReadU16();
                var fc = FramedContent.Read(r);
                var sig = r.ReadOpaque();
                var ct = r.ReadOpaque();
                return (wf, fc, sig, ct);
            });
            content.ContentType.ShouldBe(ContentType.Commit);
            var confirmed = TranscriptHash.Confirmed(
                e.Hex("interim_transcript_hash_before"),
                format,
                content,
                signature);
            confirmed.ShouldBe(e.Hex("confirmed_transcript_hash_after"));
            MlsCrypto.Mac(e.Hex("confirmation_key"), confirmed).ShouldBe(tag);
            TranscriptHash.Interim(confirmed, tag).ShouldBe(e.Hex("interim_transcript_hash_after"));
            ran++;
        }

        MlsVectors.Report("transcript-hashes.json", ran, 1);
    }
}
