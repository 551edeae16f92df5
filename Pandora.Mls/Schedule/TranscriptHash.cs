using Pandora.Mls.Codec;
using Pandora.Mls.Crypto;
using Pandora.Mls.Messages;

namespace Pandora.Mls.Schedule;

/// <summary>Transcript hashes (RFC 9420 §8.2).</summary>
public static class TranscriptHash
{
    /// <summary>confirmed = H(interim ‖ wire_format ‖ FramedContent ‖ signature&lt;V&gt;).</summary>
    public static byte[] Confirmed(
        ReadOnlySpan<byte> interim,
        WireFormat wireFormat,
        FramedContent content,
        byte[] signature)
    {
        var w = new TlsWriter();
        w.WriteRaw(interim);
        w.WriteU16((ushort)wireFormat);
        content.Write(w);
        w.WriteOpaque(signature);
        return MlsCrypto.Hash(w.ToArray());
    }

    /// <summary>interim = H(confirmed ‖ confirmation_tag&lt;V&gt;).</summary>
    public static byte[] Interim(ReadOnlySpan<byte> confirmed, ReadOnlySpan<byte> confirmationTag)
    {
        var w = new TlsWriter();
        w.WriteRaw(confirmed);
        w.WriteOpaque(confirmationTag);
        return MlsCrypto.Hash(w.ToArray());
    }
}
