using Pandora.Mls.Codec;
using Pandora.Mls.Messages;

namespace Pandora.Mls.Group;

/// <summary>An external sender from the external_senders extension (RFC 9420 §12.1.8.1).</summary>
public sealed record ExternalSender(byte[] SignatureKey, Credential Credential)
{
    public static ExternalSender Read(TlsReader r) => new(r.ReadOpaque(), Credential.Read(r));

    public void Write(TlsWriter w)
    {
        w.WriteOpaque(SignatureKey);
        Credential.Write(w);
    }

    /// <summary>The external_senders extension holding the given senders.</summary>
    public static Extension ToExtension(IReadOnlyList<ExternalSender> senders) =>
        new((ushort)ExtensionType.ExternalSenders, TlsWriter.Encode(w => w.WriteVector(senders, (x, s) => s.Write(x))));
}
