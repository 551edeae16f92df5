namespace Pandora.Discord.Crypto;

/// <summary>The voice transport encryption modes this client accepts (brief §3.4).</summary>
public enum TransportMode
{
    /// <summary><c>aead_aes256_gcm_rtpsize</c>: AES-256-GCM, 12-byte nonce = counter ‖ 0×8, 16-byte tag.</summary>
    AeadAes256GcmRtpSize = 1,

    /// <summary><c>aead_xchacha20_poly1305_rtpsize</c>: XChaCha20-Poly1305, 24-byte nonce = counter ‖ 0×20.
    /// </summary>
    AeadXChaCha20Poly1305RtpSize = 2,

    // Gone since 2024-11-18 and rejected by the gateway: xsalsa20_poly1305, xsalsa20_poly1305_suffix,
    // xsalsa20_poly1305_lite, xsalsa20_poly1305_lite_rtpsize, aead_aes256_gcm.
}
