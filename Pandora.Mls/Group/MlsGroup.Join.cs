using Pandora.Mls.Codec;
using Pandora.Mls.Crypto;
using Pandora.Mls.Messages;
using Pandora.Mls.Schedule;
using Pandora.Mls.Tree;

namespace Pandora.Mls.Group;

public sealed partial class MlsGroup
{
    /// <summary>
    /// Joins from a Welcome (RFC 9420 §12.4.3.1). The ratchet tree comes from the GroupInfo's ratchet_tree
    /// extension unless <paramref name="ratchetTree"/> is given. Every signature, tag and hash is verified.
    /// </summary>
    public static MlsGroup Join(
        Welcome welcome,
        KeyPackageBundle self,
        RatchetTree? ratchetTree = null,
        ExternalPskLookup? externalPsks = null)
    {
        MlsException.ThrowIf(
            welcome.CipherSuite != MlsCrypto.CipherSuite,
            MlsErrorKind.UnsupportedVersionOrSuite,
            $"welcome cipher suite {welcome.CipherSuite}");
        var (secrets, groupInfo) = OpenWelcome(welcome, self, externalPsks, out var pskSecret);
        var context = groupInfo.GroupContext;
        MlsException.ThrowIf(
            context.Version != 1 || context.CipherSuite != MlsCrypto.CipherSuite,
            MlsErrorKind.UnsupportedVersionOrSuite,
            "group is not MLS 1.0 suite 2");

        var tree = ratchetTree?.Clone() ?? TreeFromExtension(groupInfo.Extensions);
        VerifyGroupInfo(groupInfo, tree);
        var own = tree.FindLeaf(self.KeyPackage.LeafNode.Encode())
            ?? throw new MlsException(MlsErrorKind.NotForUs, "our leaf node is not in the tree");
        var keys = JoinKeys(tree, own, groupInfo.Signer, self, secrets.PathSecret);
        var epochSecrets = EpochSecrets.FromJoiner(secrets.JoinerSecret, pskSecret, context.Encode());
        MlsException.ThrowIf(
            !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                epochSecrets.ConfirmationTag(context.ConfirmedTranscriptHash),
                groupInfo.ConfirmationTag),
            MlsErrorKind.BadConfirmationTag,
            "GroupInfo confirmation tag does not match");
        var interim = TranscriptHash.Interim(context.ConfirmedTranscriptHash, groupInfo.ConfirmationTag);
        var state = new EpochState(context, tree, epochSecrets, interim, own, keys);
        return new MlsGroup(state, self.SignaturePrivateKey, externalPsks);
    }

    /// <summary>GroupInfo signature by its signer's leaf, tree hash, and full tree validation.</summary>
    private static void VerifyGroupInfo(GroupInfo groupInfo, RatchetTree tree)
    {
        var signer = tree.GetLeaf(groupInfo.Signer)
            ?? throw new MlsException(MlsErrorKind.BadSender, $"GroupInfo signer {groupInfo.Signer} is a blank leaf");
        MlsCrypto.VerifyWithLabelOrThrow(
            signer.SignatureKey,
            "GroupInfoTBS",
            groupInfo.ToBeSigned(),
            groupInfo.Signature,
            "GroupInfo");
        MlsException.ThrowIf(
            !tree.RootHash().AsSpan().SequenceEqual(groupInfo.GroupContext.TreeHash),
            MlsErrorKind.BadTreeHash,
            "ratchet tree does not match the GroupInfo tree hash");
        tree.Validate(groupInfo.GroupContext.GroupId);
    }

    /// <summary>Our leaf key plus, when the Welcome carries a path secret, the keys from the common ancestor
    /// up.</summary>
    private static Dictionary<uint, NodeKey> JoinKeys(
        RatchetTree tree,
        uint own,
        uint signer,
        KeyPackageBundle self,
        byte[]? pathSecret)
    {
        var keys = new Dictionary<uint, NodeKey>
        {
            [own * 2] = new(self.EncryptionPrivateKey, self.KeyPackage.LeafNode.EncryptionKey),
        };
        if (pathSecret is null)
        {
            return keys;
        }

        // Above the common ancestor our direct path is the committer's; its non-blank nodes are the ones the
        // committer's path set (RFC 9420 §12.4.3.1).
        var ancestor = TreeMath.CommonAncestor(own * 2, signer * 2);
        var path = TreeMath.DirectPath(own * 2, tree.LeafCount)
            .Where(n => TreeMath.Level(n) >= TreeMath.Level(ancestor) && !tree.IsBlank(n))
            .ToList();
        foreach (var (node, priv) in TreeKem.DeriveUp(tree, path, 0, pathSecret).PrivateKeys)
        {
            keys[node] = new NodeKey(priv, tree.EncryptionKeyAt(node)!);
        }

        return keys;
    }

    /// <summary>Decrypts our GroupSecrets and the GroupInfo of a Welcome without validating the group.</summary>
    internal static (GroupSecrets Secrets, GroupInfo GroupInfo) OpenWelcome(
        Welcome welcome,
        KeyPackageBundle self,
        ExternalPskLookup? externalPsks,
        out byte[] pskSecret)
    {
        var reference = self.KeyPackage.Ref();
        var entry = welcome.Secrets.FirstOrDefault(s => s.NewMember.AsSpan().SequenceEqual(reference))
            ?? throw new MlsException(MlsErrorKind.NotForUs, "no Welcome entry for our key package");
        var plain = MlsCrypto.DecryptWithLabel(
            self.InitPrivateKey,
            "Welcome",
            welcome.EncryptedGroupInfo,
            entry.EncryptedSecrets.KemOutput,
            entry.EncryptedSecrets.Ciphertext);
        var secrets = TlsReader.DecodeAll(plain, GroupSecrets.Read);
        pskSecret = ResolvePsks(secrets.Psks, externalPsks);
        var welcomeSecret = EpochSecrets.WelcomeSecretOf(secrets.JoinerSecret, pskSecret);
        var key = MlsCrypto.ExpandWithLabel(welcomeSecret, "key", default, MlsCrypto.AeadKeyLength);
        var nonce = MlsCrypto.ExpandWithLabel(welcomeSecret, "nonce", default, MlsCrypto.AeadNonceLength);
        var groupInfo = TlsReader.DecodeAll(
            MlsCrypto.AeadOpen(key, nonce, default, welcome.EncryptedGroupInfo),
            GroupInfo.Read);
        return (secrets, groupInfo);
    }

    private static RatchetTree TreeFromExtension(IReadOnlyList<Extension> extensions)
    {
        var ext = extensions.FirstOrDefault(e => e.Type == (ushort)ExtensionType.RatchetTree)
            ?? throw new MlsException(MlsErrorKind.MalformedTree, "no ratchet tree given and none in the GroupInfo");
        return RatchetTree.Decode(ext.Data);
    }
}
