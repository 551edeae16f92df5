using Pandora.Mls.Crypto;

namespace Pandora.Mls.Schedule;

/// <summary>
/// The secrets of one epoch (RFC 9420 §8). Immutable; holds secret material, so callers should not log it.
/// </summary>
public sealed class EpochSecrets
{
    private EpochSecrets(byte[] joinerSecret, byte[] welcomeSecret, byte[] epochSecret)
    {
        JoinerSecret = joinerSecret;
        WelcomeSecret = welcomeSecret;
        EpochSecret = epochSecret;
        SenderDataSecret = MlsCrypto.DeriveSecret(epochSecret, "sender data");
        EncryptionSecret = MlsCrypto.DeriveSecret(epochSecret, "encryption");
        ExporterSecret = MlsCrypto.DeriveSecret(epochSecret, "exporter");
        ExternalSecret = MlsCrypto.DeriveSecret(epochSecret, "external");
        ConfirmationKey = MlsCrypto.DeriveSecret(epochSecret, "confirm");
        MembershipKey = MlsCrypto.DeriveSecret(epochSecret, "membership");
        ResumptionPsk = MlsCrypto.DeriveSecret(epochSecret, "resumption");
        EpochAuthenticator = MlsCrypto.DeriveSecret(epochSecret, "authentication");
        InitSecret = MlsCrypto.DeriveSecret(epochSecret, "init");
    }

    public byte[] JoinerSecret { get; }

    public byte[] WelcomeSecret { get; }

    public byte[] EpochSecret { get; }

    public byte[] SenderDataSecret { get; }

    public byte[] EncryptionSecret { get; }

    public byte[] ExporterSecret { get; }

    public byte[] ExternalSecret { get; }

    public byte[] ConfirmationKey { get; }

    public byte[] MembershipKey { get; }

    public byte[] ResumptionPsk { get; }

    public byte[] EpochAuthenticator { get; }

    /// <summary>init_secret of this epoch, the input to the next epoch's schedule.</summary>
    public byte[] InitSecret { get; }

    /// <summary>The all-zero secret used for an absent commit or PSK secret.</summary>
    public static byte[] Zero => new byte[MlsCrypto.HashLength];

    /// <summary>
    /// joiner_secret = ExpandWithLabel(Extract(init_secret, commit_secret), "joiner", GroupContext, Nh),
    /// then <see cref="FromJoiner"/>.
    /// </summary>
    public static EpochSecrets Derive(
        ReadOnlySpan<byte> previousInitSecret,
        ReadOnlySpan<byte> commitSecret,
        ReadOnlySpan<byte> pskSecret,
        ReadOnlySpan<byte> groupContext)
    {
        var prk = MlsCrypto.Extract(previousInitSecret, commitSecret);
        var joiner = MlsCrypto.ExpandWithLabel(prk, "joiner", groupContext, MlsCrypto.HashLength);
        return FromJoiner(joiner, pskSecret, groupContext);
    }

    /// <summary>The schedule from joiner_secret on, as a new member computes it from a Welcome.</summary>
    public static EpochSecrets FromJoiner(
        ReadOnlySpan<byte> joinerSecret,
        ReadOnlySpan<byte> pskSecret,
        ReadOnlySpan<byte> groupContext)
    {
        var member = MlsCrypto.Extract(joinerSecret, pskSecret);
        var welcome = MlsCrypto.DeriveSecret(member, "welcome");
        var epoch = MlsCrypto.ExpandWithLabel(member, "epoch", groupContext, MlsCrypto.HashLength);
        return new EpochSecrets(joinerSecret.ToArray(), welcome, epoch);
    }

    /// <summary>welcome_secret from joiner_secret and psk_secret, before the GroupInfo is known.</summary>
    public static byte[] WelcomeSecretOf(ReadOnlySpan<byte> joinerSecret, ReadOnlySpan<byte> pskSecret) =>
        MlsCrypto.DeriveSecret(MlsCrypto.Extract(joinerSecret, pskSecret), "welcome");

    /// <summary>MLS-Exporter(label, context, length) (RFC 9420 §8.5).</summary>
    public byte[] Export(string label, ReadOnlySpan<byte> context, int length) =>
        Export(System.Text.Encoding.ASCII.GetBytes(label), context, length);

    /// <summary>MLS-Exporter with a binary label.</summary>
    public byte[] Export(ReadOnlySpan<byte> label, ReadOnlySpan<byte> context, int length) =>
        Export(ExporterSecret, label, context, length);

    /// <summary>MLS-Exporter from a given exporter_secret (RFC 9420 §8.5).</summary>
    public static byte[] Export(
        ReadOnlySpan<byte> exporterSecret,
        ReadOnlySpan<byte> label,
        ReadOnlySpan<byte> context,
        int length)
    {
        var derived = MlsCrypto.ExpandWithLabel(exporterSecret, label, default, MlsCrypto.HashLength);
        return MlsCrypto.ExpandWithLabel(derived, "exported", MlsCrypto.Hash(context), length);
    }

    /// <summary>The external_pub key: DeriveKeyPair(external_secret).</summary>
    public byte[] ExternalPublicKey() => Hpke.DeriveKeyPair(ExternalSecret).PublicKey;

    /// <summary>Confirmation tag = MAC(confirmation_key, confirmed_transcript_hash).</summary>
    public byte[] ConfirmationTag(ReadOnlySpan<byte> confirmedTranscriptHash) =>
        MlsCrypto.Mac(ConfirmationKey, confirmedTranscriptHash);
}
