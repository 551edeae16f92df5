using Microsoft.Extensions.Logging.Abstractions;
using Pandora.Cooking.Raw;
using Pandora.Host.Http;
using Pandora.Tests.Cooking;

namespace Pandora.Tests.Http;

/// <summary>A cooking server on 127.0.0.1 (free port) over a store with a few hand-built recordings:
/// <c>gap1</c> (3 s, alice and bob), <c>long1</c> (sealed at 7 hours, one packet), <c>live1</c> (being
/// recorded, in the working folder only).</summary>
public sealed class CookingServerFixture : IAsyncLifetime
{
    public const string Key = "access";

    private readonly TempFolder _folder = new();

    public CookingServer Server { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public string Store => _folder.File("store");

    public string Work => _folder.File("work");

    public async ValueTask InitializeAsync()
    {
        TestRecording.WriteGapLateAndReordered(Path.Combine(Store, "gap1"), "gap1", sealAt: 3 * 48_000);
        using (IRawRecordingWriter writer = RawRecording.Create(Path.Combine(Store, "long1"),
                   RawRecordingWriterUnitTests.Info("long1")))
        {
            writer.AddTrack(new RawUser(1, 1, "alice", null, "0", false));
            writer.WriteAudio(1, 960, TestRecording.Tone(440, 1)[0], 0);
            writer.Seal(7UL * 3600 * 48_000);
        }

        IRawRecordingWriter live = RawRecording.Create(Path.Combine(Work, "live1"),
            RawRecordingWriterUnitTests.Info("live1"));
        live.AddTrack(new RawUser(1, 1, "alice", null, "0", false));
        live.Dispose();
        Server = await CookingServer.StartAsync(new CookingServerOptions
        {
            Port = 0,
            StoreFolder = Store,
            WorkFolder = Work,
            MaxConcurrentCooks = 8,
        }, NullLoggerFactory.Instance);
        Client = new HttpClient { BaseAddress = Server.Address, Timeout = TimeSpan.FromMinutes(2) };
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        _folder.Dispose();
    }
}
