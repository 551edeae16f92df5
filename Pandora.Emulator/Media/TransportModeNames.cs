namespace Pandora.Emulator.Media;

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
