using Pandora.Mls.Codec;

namespace Pandora.Mls.Messages;

/// <summary>GroupInfo (RFC 9420 §12.4.3).</summary>
public sealed class GroupInfo
{
    public GroupContext GroupContext { get; init; } = new();

    public List<Extension> Extensions { get; init; } = [];

    public byte[] ConfirmationTag { get; init; } = [];

    public uint Signer { get; init; }

    public byte[] Signature { get; set; } = [];

    public static GroupInfo Read(TlsReader r) => new()
    {
        GroupContext = GroupContext.Read(r),
        Extensions = Extension.ReadList(r),
        ConfirmationTag = r.ReadOpaque(),
        Signer = r.ReadU32(),
        Signature = r.ReadOpaque(),
    };

    public void Write(TlsWriter w)
    {
        WriteTbs(w);
        w.WriteOpaque(Signature);
    }

    public byte[] Encode() => TlsWriter.Encode(Write);

    /// <summary>GroupInfoTBS: everything before the signature.</summary>
    public byte[] ToBeSigned() => TlsWriter.Encode(WriteTbs);

    private void WriteTbs(TlsWriter w)
    {
        GroupContext.Write(w);
        Extension.WriteList(w, Extensions);
        w.WriteOpaque(ConfirmationTag);
        w.WriteU32(Signer);
    }
}
