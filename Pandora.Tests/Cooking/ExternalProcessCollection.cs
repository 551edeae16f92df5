namespace Pandora.Tests.Cooking;

/// <summary>
/// Tests that run ffmpeg, Chromium or many encoders at once: they run on their own, after the parallel tests, so
/// the load they put on a small machine does not disturb the real-time tests running in parallel.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ExternalProcessCollection
{
    public const string Name = "external-processes";
}
