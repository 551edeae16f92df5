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

/// <summary>Wire names of <see cref="TransportMode"/>.</summary>
public static class TransportModeNames
{
    public const string AesGcm = "aead_aes256_gcm_rtpsize";

    public const string XChaCha = "aead_xchacha20_poly1305_rtpsize";

    /// <summary>Parses a wire name; null for anything the emulator cannot encrypt with.</summary>
    public static TransportMode? Parse(string? name) => name switch
    {
        AesGcm => TransportMode.AeadAes256GcmRtpSize,
        XChaCha => TransportMode.AeadXChaCha20Poly1305RtpSize,
        _ => null,
    };
}
