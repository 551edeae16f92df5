using Pandora.Mls.Codec;

namespace Pandora.Mls.Messages;

/// <summary>HPKECiphertext (RFC 9420 §5.1.3).</summary>
public sealed record HpkeCiphertext(byte[] KemOutput, byte[] Ciphertext)
{
    public static HpkeCiphertext Read(TlsReader r) => new(r.ReadOpaque(), r.ReadOpaque());

    public void Write(TlsWriter w)
    {
        w.WriteOpaque(KemOutput);
        w.WriteOpaque(Ciphertext);
    }
}
