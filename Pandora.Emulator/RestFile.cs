namespace Pandora.Emulator;

/// <summary>A file part of a multipart REST request.</summary>
/// <param name="Field">Form field name, e.g. "files[0]".</param>
/// <param name="FileName">File name the client gave.</param>
/// <param name="Length">Size in bytes.</param>
public sealed record RestFile(string Field, string FileName, long Length);
