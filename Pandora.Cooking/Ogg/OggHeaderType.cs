namespace Pandora.Cooking.Ogg;

/// <summary>The header_type flags of an Ogg page (RFC 3533 §6).</summary>
[Flags]
public enum OggHeaderType : byte
{
    /// <summary>No flag: a fresh packet starts on this page.</summary>
    None = 0,

    /// <summary>continuation: the first packet on this page continues one from the previous page.</summary>
    Continued = 0x01,

    /// <summary>BOS: first page of a logical bitstream.</summary>
    BeginningOfStream = 0x02,

    /// <summary>EOS: last page of a logical bitstream.</summary>
    EndOfStream = 0x04,

    // Bits 0x08-0x80 are unused in version 0 and must be zero; the reader rejects pages that set them.
}
