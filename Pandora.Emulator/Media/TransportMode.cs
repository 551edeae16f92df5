namespace Pandora.Emulator.Media;

/// <summary>
/// Transport encryption modes the emulator can negotiate (Discord voice docs, "Transport Encryption Modes").
/// </summary>
public enum TransportMode
{
    /// <summary><c>aead_aes256_gcm_rtpsize</c>: AES-256-GCM, 12-byte nonce = counter(4) ‖ zeros.</summary>
    AeadAes256GcmRtpSize = 1,

    /// <summary>
    /// <c>aead_xchacha20_poly1305_rtpsize</c>: XChaCha20-Poly1305, 24-byte nonce = counter(4) ‖ zeros.
    /// </summary>
    AeadXChaCha20Poly1305RtpSize = 2,
}
