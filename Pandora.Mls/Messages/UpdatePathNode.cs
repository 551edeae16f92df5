using Pandora.Mls.Codec;

namespace Pandora.Mls.Messages;

/// <summary>UpdatePathNode (RFC 9420 §7.6).</summary>
public sealed record UpdatePathNode(byte[] EncryptionKey, List<HpkeCiphertext> EncryptedPathSecret)
{
    public static UpdatePathNode Read(TlsReader r) => new(r.ReadOpaque(), r.ReadList(HpkeCiphertext.Read));

    public void Write(TlsWriter w)
    {
        w.WriteOpaque(EncryptionKey);
        w.WriteVector(EncryptedPathSecret, (x, c) => c.Write(x));
    }
}
