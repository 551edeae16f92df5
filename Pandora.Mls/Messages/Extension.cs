using Pandora.Mls.Codec;

namespace Pandora.Mls.Messages;

/// <summary>Extension (RFC 9420 §7.2): a type and opaque data.</summary>
public sealed record Extension(ushort Type, byte[] Data)
{
    public static Extension Read(TlsReader r) => new(r.ReadU16(), r.ReadOpaque());

    public static List<Extension> ReadList(TlsReader r) => r.ReadList(Read);

    public static void WriteList(TlsWriter w, IReadOnlyList<Extension> list) =>
        w.WriteVector(list, (x, e) => e.Write(x));

    public void Write(TlsWriter w)
    {
        w.WriteU16(Type);
        w.WriteOpaque(Data);
    }
}
