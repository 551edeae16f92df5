using System.Diagnostics.CodeAnalysis;

namespace Pandora.Cooking.Raw;

/// <summary>What went wrong with a raw recording, so callers never parse messages.</summary>
public enum RawRecordingErrorKind
{
    /// <summary>An id, folder or track number is not acceptable.</summary>
    InvalidName = 1,

    /// <summary>A file of the recording already exists; nothing is overwritten.</summary>
    AlreadyExists = 2,

    /// <summary>A required file of the recording is missing.</summary>
    NotFound = 3,

    /// <summary>The users or info file is not valid JSON of the expected shape.</summary>
    InvalidMetadata = 4,

    /// <summary>A track was added twice, or audio was written for a track never added.</summary>
    InvalidTrack = 5,
}

/// <summary>Errors of the raw recording layer; <see cref="Kind"/> says which.</summary>
public sealed class RawRecordingException : Exception
{
    public RawRecordingException(RawRecordingErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public RawRecordingErrorKind Kind { get; }

    [DoesNotReturn]
    internal static void Throw(RawRecordingErrorKind kind, string message, Exception? inner = null) =>
        throw new RawRecordingException(kind, message, inner);
}
