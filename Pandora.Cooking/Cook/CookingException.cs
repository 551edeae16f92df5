namespace Pandora.Cooking.Cook;

/// <summary>Why a cook failed.</summary>
public enum CookingErrorKind
{
    /// <summary>No <c>ffmpeg</c> or <c>flac</c> program was found for FLAC output.</summary>
    EncoderMissing = 1,

    /// <summary>The external encoder exited with an error.</summary>
    EncoderFailed = 2,

    /// <summary>The output cannot hold the recording (a WAV file over 4 GiB, a decode into memory over 12 hours).
    /// </summary>
    OutputTooLarge = 3,
}

/// <summary>A cook that could not be completed; <see cref="Kind"/> says why.</summary>
public sealed class CookingException : Exception
{
    public CookingException(CookingErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public CookingErrorKind Kind { get; }
}
