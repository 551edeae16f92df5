using System.Collections.Concurrent;
using System.Threading.Channels;
using Pandora.Cooking.Raw;
using Pandora.Discord.Gateway;
using Pandora.Discord.Rest;
using Pandora.Discord.Voice;

namespace Pandora.Tests.Actors;

/// <summary>A gateway whose events the test writes; records op 4 calls.</summary>
internal sealed class FakeGateway : IGatewayClient
{
    private Channel<GatewayEvent> _events = Channel.CreateUnbounded<GatewayEvent>();

    public ConcurrentQueue<(ulong GuildId, ulong? ChannelId, bool SelfMute, bool SelfDeaf)> VoiceStateCalls { get; } =
        new();

    public ChannelReader<GatewayEvent> Events => _events.Reader;

    public DiscordUser? CurrentUser { get; set; }

    public ulong? ApplicationId { get; set; }

    public void Push(GatewayEvent e) => _events.Writer.TryWrite(e).ShouldBeTrue();

    /// <summary>Faults the current event channel and puts a fresh one in its place (a reader must restart).
    /// </summary>
    public void FailEvents()
    {
        var old = _events;
        _events = Channel.CreateUnbounded<GatewayEvent>();
        old.Writer.TryComplete(new IOException("gateway reader broke"));
    }

    public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public ValueTask UpdateVoiceStateAsync(
        ulong guildId,
        ulong? channelId,
        bool selfMute,
        bool selfDeaf,
        CancellationToken cancellationToken = default)
    {
        VoiceStateCalls.Enqueue((guildId, channelId, selfMute, selfDeaf));
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _events.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }
}

/// <summary>Records every REST call as a line of text.</summary>
internal sealed class FakeRest : IDiscordRest
{
    public ConcurrentQueue<string> Calls { get; } = new();

    public Task<Uri> GetGatewayUrlAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new Uri("ws://127.0.0.1:1/"));

    public Task OverwriteCommandsAsync(
        ulong applicationId,
        ulong? guildId,
        IReadOnlyList<SlashCommand> commands,
        CancellationToken cancellationToken = default)
    {
        Calls.Enqueue($"overwrite {applicationId} {guildId?.ToString() ?? "global"} "
            + string.Join(",", commands.Select(c => c.Name)));
        return Task.CompletedTask;
    }

    public Task DeferInteractionAsync(
        ulong interactionId,
        string interactionToken,
        CancellationToken cancellationToken = default)
    {
        Calls.Enqueue($"defer {interactionId} {interactionToken}");
        return Task.CompletedTask;
    }

    public Task EditOriginalResponseAsync(
        ulong applicationId,
        string interactionToken,
        string content,
        CancellationToken cancellationToken = default)
    {
        Calls.Enqueue($"edit {applicationId} {interactionToken} {content}");
        return Task.CompletedTask;
    }

    public Task CreateMessageAsync(ulong channelId, string content, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue($"message {channelId} {content}");
        return Task.CompletedTask;
    }
}

/// <summary>A voice connection whose packets and events the test pushes.</summary>
internal sealed class FakeVoiceConnection(VoiceConnectionInfo info) : IVoiceConnection
{
    private readonly Channel<VoicePacket> _packets = Channel.CreateUnbounded<VoicePacket>();
    private readonly Channel<VoiceEvent> _events = Channel.CreateUnbounded<VoiceEvent>();

    public VoiceConnectionInfo Info { get; } = info;

    public TaskCompletionSource Connect { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool Connected { get; private set; }

    public volatile bool Disposed;

    public ChannelReader<VoicePacket> Packets => _packets.Reader;

    public ChannelReader<VoiceEvent> Events => _events.Reader;

    public VoiceStats Stats => default;

    public void Push(VoicePacket packet) => _packets.Writer.TryWrite(packet).ShouldBeTrue();

    public void Push(VoiceEvent e) => _events.Writer.TryWrite(e).ShouldBeTrue();

    public async Task ConnectAsync(CancellationToken cancellationToken = default)
    {
        await Connect.Task;
        Connected = true;
    }

    public ValueTask DisposeAsync()
    {
        Disposed = true;
        _packets.Writer.TryComplete();
        _events.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }
}

internal sealed class FakeVoiceFactory : IVoiceConnectionFactory
{
    /// <summary>When true (the default) every new connection's handshake completes at once.</summary>
    public bool AutoConnect { get; set; } = true;

    public ConcurrentQueue<FakeVoiceConnection> Created { get; } = new();

    public IVoiceConnection Create(VoiceConnectionInfo info)
    {
        var connection = new FakeVoiceConnection(info);
        if (AutoConnect)
        {
            connection.Connect.SetResult();
        }

        Created.Enqueue(connection);
        return connection;
    }
}

/// <summary>A raw writer that records its calls and creates empty files named like the real ones.</summary>
internal sealed class FakeWriter : IRawRecordingWriter
{
    private readonly object _lock = new();
    private readonly List<RawUser> _tracks = [];
    private readonly List<(int Track, ulong Granule, uint Rtp, int Length)> _writes = [];

    public FakeWriter(string directory, RawRecordingInfo info, uint? throwOnRtp = null)
    {
        ThrowOnRtp = throwOnRtp;
        Id = info.Id;
        Directory = directory;
        Info = info;
        foreach (var suffix in new[] { "header1", "header2", "data", "users", "info" })
        {
            File.WriteAllText(Path.Combine(directory, $"{info.Id}.ogg.{suffix}"), "");
        }
    }

    public string Id { get; }

    public string Directory { get; }

    public RawRecordingInfo Info { get; }

    public bool Disposed { get; private set; }

    /// <summary>WriteAudio throws for this RTP timestamp, like a writer hitting a bug.</summary>
    public uint? ThrowOnRtp { get; }

    public int WritesAtDispose { get; private set; } = -1;

    public bool FilesInPlaceAtDispose { get; private set; }

    public int Flushes { get; private set; }

    public IReadOnlyList<RawUser> Tracks
    {
        get
        {
            lock (_lock)
            {
                return [.. _tracks];
            }
        }
    }

    public IReadOnlyList<(int Track, ulong Granule, uint Rtp, int Length)> Writes
    {
        get
        {
            lock (_lock)
            {
                return [.. _writes];
            }
        }
    }

    public IReadOnlyList<(int Track, ulong Granule, uint Rtp, int Length)> WritesOf(int track) =>
        Writes.Where(w => w.Track == track).ToArray();

    public void AddTrack(RawUser user)
    {
        lock (_lock)
        {
            _tracks.Add(user);
        }
    }

    public void WriteAudio(int track, ulong granule, ReadOnlySpan<byte> opusPacket, uint rtpTimestamp)
    {
        if (rtpTimestamp == ThrowOnRtp)
        {
            throw new ArgumentException("fake writer failure");
        }

        lock (_lock)
        {
            Disposed.ShouldBeFalse();
            _writes.Add((track, granule, rtpTimestamp, opusPacket.Length));
        }
    }

    public void Flush()
    {
        lock (_lock)
        {
            Flushes++;
        }
    }

    /// <summary>The end the recording declared when it was sealed; null until then.</summary>
    public ulong? SealedAt { get; private set; }

    public void Seal(ulong endSamples)
    {
        lock (_lock)
        {
            Disposed.ShouldBeFalse("a writer is sealed before it is disposed");
            SealedAt = endSamples;
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            if (Disposed)
            {
                return;
            }

            Disposed = true;
            WritesAtDispose = _writes.Count;
            FilesInPlaceAtDispose = File.Exists(Path.Combine(Directory, Id + ".ogg.data"));
        }
    }
}

/// <summary>A clock the test moves by hand; timestamps are microseconds.</summary>
internal sealed class ManualClock : TimeProvider
{
    private long _timestamp = 1_000_000_000;
    private DateTimeOffset _utc = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    public override long TimestampFrequency => 1_000_000;

    public override long GetTimestamp() => Interlocked.Read(ref _timestamp);

    public override DateTimeOffset GetUtcNow()
    {
        lock (this)
        {
            return _utc;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (this)
        {
            _utc += by;
            Interlocked.Add(ref _timestamp, (long)(by.TotalSeconds * TimestampFrequency));
        }
    }
}
