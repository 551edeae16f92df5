using Microsoft.Extensions.Logging.Abstractions;
using Pandora.Emulator.Scenarios;
using Pandora.Host;
using Pandora.Tests.EndToEnd;

namespace Pandora.Tests.Cooking;

/// <summary>One emulator session (the default scenario, about 30 s real time) recorded by the whole stack, shared
/// by every golden cooking test; each speaker's reference speech is decoded once.</summary>
public sealed class GoldenCookFixture : IAsyncLifetime
{
    private readonly TestFolder _folder = new();

    public DemoRunner.DemoResult Result { get; private set; } = null!;

    /// <summary>Each utterance with its reference PCM (48 kHz mono) and the track it must be on.</summary>
    public IReadOnlyList<(SentUtterance Utterance, float[] Clip, int Track)> Utterances { get; private set; } = [];

    public string Scratch => _folder.Path;

    public async ValueTask InitializeAsync()
    {
        var demo = new DemoRunner(TestHost.Settings(_folder.Path), NullLoggerFactory.Instance,
            Path.Combine(_folder.Path, "out"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        Result = await demo.RunAsync(Scenario.Default, timeout.Token);
        var tracks = Result.Recording.Tracks.ToDictionary(t => t.UserId, t => t.Track);
        Utterances = [.. Result.Scenario.Utterances.Select(u => (u, u.DecodeReferencePcm(), tracks[u.UserId]))];
    }

    public ValueTask DisposeAsync()
    {
        _folder.Dispose();
        return ValueTask.CompletedTask;
    }
}
