using Pandora.Mls.Codec;

namespace Pandora.Mls.Messages;

/// <summary>ReInit proposal body (RFC 9420 §12.1.5).</summary>
public sealed record ReInit(byte[] GroupId, ushort Version, ushort CipherSuite, List<Extension> Extensions)
{
    public static ReInit Read(TlsReader r) => new(r.ReadOpaque(), r.ReadU16(), r.ReadU16(), Extension.ReadList(r));

    public void Write(TlsWriter w)
    {
        w.WriteOpaque(GroupId);
        w.WriteU16(Version);
        w.WriteU16(CipherSuite);
        Extension.WriteList(w, Extensions);
    }
}
