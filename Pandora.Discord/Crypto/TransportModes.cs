namespace Pandora.Discord.Crypto;

/// <summary>Wire names of <see cref="TransportMode"/> and the selection rule.</summary>
public static class TransportModes
{
    public const string AesGcmName = "aead_aes256_gcm_rtpsize";
    public const string XChaChaName = "aead_xchacha20_poly1305_rtpsize";

    public static string ToWireName(this TransportMode mode) => mode switch
    {
        TransportMode.AeadAes256GcmRtpSize => AesGcmName,
        TransportMode.AeadXChaCha20Poly1305RtpSize => XChaChaName,
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    public static bool TryParse(string? name, out TransportMode mode)
    {
        mode = name switch
        {
            AesGcmName => TransportMode.AeadAes256GcmRtpSize,
            XChaChaName => TransportMode.AeadXChaCha20Poly1305RtpSize,
            _ => 0,
        };
        return mode != 0;
    }

    /// <summary>Prefers AES-256-GCM, then XChaCha20-Poly1305 (brief §3.4); null when neither is offered.</summary>
    public static TransportMode? Choose(IEnumerable<string> offered)
    {
        var list = offered as ICollection<string> ?? offered.ToList();
        if (list.Contains(AesGcmName))
        {
            return TransportMode.AeadAes256GcmRtpSize;
        }

        return list.Contains(XChaChaName) ? TransportMode.AeadXChaCha20Poly1305RtpSize : null;
    }
}
