using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pandora.Emulator.Scenarios;

namespace Pandora.Emulator;

/// <summary>
/// A loopback stand-in for Discord speaking the real wire protocol: REST v10, gateway v10, voice gateway v8
/// and encrypted UDP media, with scripted members. Binds 127.0.0.1 on ephemeral ports only.
/// Thread-safe: tests may call any member from any thread. One bot session at a time.
/// </summary>
public sealed partial class DiscordEmulator : IAsyncDisposable
{
    private readonly EmulatorOptions _options;

    private readonly Scenario _guild;

    private readonly ILogger _logger;

    private readonly Lock _gate = new();

    private readonly CancellationTokenSource _stopping = new();

    private readonly long _clockAnchorTicks = Stopwatch.GetTimestamp();

    private readonly DateTimeOffset _clockAnchorUtc = DateTimeOffset.UtcNow;

    private long _nextSnowflake = 1180000000000100000;

    private int _disposed;

    private WebApplication? _mainApp;

    private WebApplication? _voiceApp;

    private DiscordEmulator(EmulatorOptions options)
    {
        _options = options;
        _guild = options.Scenario;
        _logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<DiscordEmulator>();
        _udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _impairmentRandom = new Random(options.Impairments.Seed);
        InitialiseMembers();
        StartDaveGateway();
    }

    /// <summary>REST base address, <c>http://127.0.0.1:port/api/v10/</c>.</summary>
    public Uri RestBaseAddress { get; private set; } = null!;

    /// <summary>The main gateway URL returned by GET /gateway/bot (without query string).</summary>
    public Uri GatewayAddress { get; private set; } = null!;

    /// <summary>
    /// Voice endpoint as sent in VOICE_SERVER_UPDATE: <c>127.0.0.1:port</c>, no scheme (the client uses ws).
    /// </summary>
    public string VoiceEndpoint { get; private set; } = "";

    /// <summary>Scheme the client must use for the voice endpoint.</summary>
    public static string VoiceScheme => "ws";

    /// <summary>The UDP media port announced in voice Ready.</summary>
    public int UdpPort { get; private set; }

    public string BotToken => _options.BotToken;

    public ulong BotUserId => _guild.BotUserId;

    public ulong ApplicationId => _guild.BotUserId;

    public ulong GuildId => _guild.GuildId;

    public ulong VoiceChannelId => _guild.VoiceChannelId;

    public ulong TextChannelId => _guild.TextChannelId;

    /// <summary>The guild's scripted members (not the bot).</summary>
    public IReadOnlyList<ScenarioMember> Members => _guild.Members;

    /// <summary>Starts the REST/gateway server, the voice gateway server and the UDP socket.</summary>
    public static async Task<DiscordEmulator> StartAsync(
        EmulatorOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var emulator = new DiscordEmulator(options);
        try
        {
            await emulator.StartCoreAsync(cancellationToken).ConfigureAwait(false);
            return emulator;
        }
        catch
        {
            await emulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops the servers and closes every socket. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        AbortAll(_gatewayPeers);
        AbortAll(_voicePeers);
        foreach (var app in new[] { _mainApp, _voiceApp })
        {
            if (app is not null)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await app.StopAsync(timeout.Token).ConfigureAwait(false);
                await app.DisposeAsync().ConfigureAwait(false);
            }
        }

        _udp.Dispose();
        if (_dave is not null)
        {
            await _dave.DisposeAsync().ConfigureAwait(false);
        }

        lock (_gate)
        {
            _voice?.Dispose();
            _voice = null;
        }

        _stopping.Dispose();
    }

    /// <summary>The counters, as one snapshot.</summary>
    public EmulatorStats Stats
    {
        get
        {
            lock (_gate)
            {
                return new EmulatorStats(DatagramsSent, DiscoveryRequests, GatewayConnectionCount, VoiceConnectionCount,
                    _restCalls.Count, DaveStats);
            }
        }
    }

    /// <summary>UTC wall-clock time with Stopwatch precision (anchored once at start).</summary>
    public DateTimeOffset UtcNow => _clockAnchorUtc + Stopwatch.GetElapsedTime(_clockAnchorTicks);

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        _mainApp = BuildApp(HandleMainAsync);
        _voiceApp = BuildApp(HandleVoiceHttpAsync);
        await _mainApp.StartAsync(cancellationToken).ConfigureAwait(false);
        await _voiceApp.StartAsync(cancellationToken).ConfigureAwait(false);
        var mainPort = BoundPort(_mainApp);
        var voicePort = BoundPort(_voiceApp);
        RestBaseAddress = new Uri($"http://127.0.0.1:{mainPort}/api/v10/");
        GatewayAddress = new Uri($"ws://127.0.0.1:{mainPort}/gateway");
        VoiceEndpoint = $"127.0.0.1:{voicePort}";

        _udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        UdpPort = ((IPEndPoint)_udp.LocalEndPoint!).Port;
        _ = Task.Run(() => ReceiveUdpAsync(_stopping.Token), CancellationToken.None);
        Log.Started(_logger, RestBaseAddress, VoiceEndpoint, UdpPort);
    }

    private WebApplication BuildApp(RequestDelegate handler)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSingleton(_options.LoggerFactory ?? NullLoggerFactory.Instance);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.AddOptions();
        var app = builder.Build();
        app.UseWebSockets();
        app.Run(handler);
        return app;
    }

    private static int BoundPort(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.Single();
        return new Uri(address).Port;
    }

    private static void AbortAll(List<Internal.WebSocketPeer> peers)
    {
        Internal.WebSocketPeer[] copy;
        lock (peers)
        {
            copy = [.. peers];
        }

        foreach (var peer in copy)
        {
            peer.Abort();
        }
    }

    private ulong NextSnowflake() => (ulong)Interlocked.Increment(ref _nextSnowflake);

    private static string RandomHex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));

    private static string Id(ulong id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private JsonObject UserJson(ulong id) => id == _guild.BotUserId
        ? new JsonObject
        {
            ["id"] = Id(id), ["username"] = _guild.BotName, ["global_name"] = null, ["discriminator"] = "0",
            ["avatar"] = null, ["bot"] = true,
        }
        : new JsonObject
        {
            ["id"] = Id(id), ["username"] = _guild.Member(id).Name, ["global_name"] = _guild.Member(id).Name,
            ["discriminator"] = "0", ["avatar"] = null,
        };

    private JsonObject MemberJson(ulong id) => new()
    {
        ["user"] = UserJson(id), ["nick"] = null, ["roles"] = new JsonArray(),
        ["joined_at"] = "2026-01-01T00:00:00.000000+00:00",
        ["deaf"] = false, ["mute"] = false, ["flags"] = 0, ["permissions"] = "2248473465835073",
    };

    /// <summary>Polls <paramref name="condition"/> every 10 ms; false on timeout.</summary>
    private async Task<bool> WaitForAsync(Func<bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!condition())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                return false;
            }

            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }
}
