namespace Pandora.Host.Http;

/// <summary>Where a recording was found, or why not.</summary>
public enum RecordingState
{
    /// <summary>Finished and ready to cook.</summary>
    Ready = 0,

    /// <summary>No such recording (or an id that is not one).</summary>
    NotFound = 1,

    /// <summary>The recorder is still writing it.</summary>
    StillRecording = 2,
}
