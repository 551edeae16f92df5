namespace Pandora.Emulator;

/// <summary>One REST request the emulator received, and its answer.</summary>
/// <param name="Method">HTTP method, e.g. "POST".</param>
/// <param name="Path">Path below the API base, e.g. "/channels/1/messages" (no "/api/v10").</param>
/// <param name="Body">Request body as text ("" when none); for multipart uploads the payload_json part.</param>
/// <param name="StatusCode">Status code the emulator answered.</param>
/// <param name="ReceivedAt">UTC wall-clock time the request arrived.</param>
public sealed record RestCall(string Method, string Path, string Body, int StatusCode, DateTimeOffset ReceivedAt)
{
    /// <summary>Files uploaded with a multipart/form-data request (e.g. a recording attached to a message).</summary>
    public IReadOnlyList<RestFile> Files { get; init; } = [];
}
