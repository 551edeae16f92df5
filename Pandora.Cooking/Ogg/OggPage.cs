namespace Pandora.Cooking.Ogg;

/// <summary>
/// One parsed Ogg page (RFC 3533 §6). <see cref="Body"/> is the concatenation of all segments; the raw format puts
/// exactly one packet on each page, so for it the body is the packet.
/// </summary>
/// <param name="HeaderType">The header_type flags.</param>
/// <param name="GranulePosition">The absolute granule position; <see cref="OggPage.NoGranule"/> when no packet
/// ends on the page.</param>
/// <param name="Serial">The bitstream serial number (the track number in the raw format).</param>
/// <param name="Sequence">The page sequence number.</param>
/// <param name="Body">The page's payload. Owned by the page: a reader hands out a fresh array per page.</param>
/// <param name="LastPacketComplete">False when the last lacing value is 255, so that the last packet continues on
/// the next page. Pandora's writer produces such pages for packets whose length is a multiple of 255.</param>
public readonly record struct OggPage(
    OggHeaderType HeaderType,
    ulong GranulePosition,
    uint Serial,
    uint Sequence,
    ReadOnlyMemory<byte> Body,
    bool LastPacketComplete)
{
    /// <summary>The granule position -1, meaning no packet finishes on the page.</summary>
    public const ulong NoGranule = ulong.MaxValue;

    /// <summary>Size of the fixed part of the page header, before the lacing values.</summary>
    public const int HeaderLength = 27;

    /// <summary>The largest page: header, 255 lacing values and 255 segments of 255 bytes.</summary>
    public const int MaxPageLength = HeaderLength + 255 + (255 * 255);

    /// <summary>Largest packet that fits on one page with correct lacing: 254 full segments plus a final 254.
    /// </summary>
    public const int MaxSinglePagePacketLength = (254 * 255) + 254;

    public bool IsBeginningOfStream => (HeaderType & OggHeaderType.BeginningOfStream) != 0;

    public bool IsEndOfStream => (HeaderType & OggHeaderType.EndOfStream) != 0;

    public bool IsContinued => (HeaderType & OggHeaderType.Continued) != 0;
}
