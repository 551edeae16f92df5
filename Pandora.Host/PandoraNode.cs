using Akka.Actor;
using Akka.Configuration;
using Microsoft.Extensions.Logging;
using Pandora.Actors;
using Pandora.Actors.Controller;
using Pandora.Discord;
using Pandora.Discord.Gateway;
using Pandora.Discord.Rest;
using Pandora.Discord.Voice;
using System.Threading.Channels;

namespace Pandora.Host;

/// <summary>
/// One running recorder for one bot token: the Discord clients, the actor system and its controller. Used by the
/// bot, the demo and the end-to-end tests alike, so all three run the same wiring.
/// </summary>
public sealed class PandoraNode : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly GatewayClient _gateway;
    private readonly IActorRef _listener;
    private readonly Channel<object> _outcomes = Channel.CreateUnbounded<object>();

    private PandoraNode(ActorSystem system, HttpClient http, GatewayClient gateway, IActorRef controller)
    {
        ActorSystem = system;
        _http = http;
        _gateway = gateway;
        Controller = controller;
        _listener = system.ActorOf(Props.Create(() => new OutcomeListener(_outcomes.Writer)), "outcomes");
        system.EventStream.Subscribe(_listener, typeof(RecordingStarted));
        system.EventStream.Subscribe(_listener, typeof(RecordingFinished));
        system.EventStream.Subscribe(_listener, typeof(RecordingFailed));
    }

    public ActorSystem ActorSystem { get; }

    /// <summary>The controller actor: Ask it <see cref="Controller.StartRecording"/> and
    /// <see cref="Controller.StopRecording"/>.</summary>
    public IActorRef Controller { get; }

    /// <summary>The gateway client (for its counters).</summary>
    public GatewayClient Gateway => _gateway;

    /// <summary>Builds the clients and the actor system, connects the gateway and returns once READY arrived.
    /// </summary>
    public static async Task<PandoraNode> StartAsync(
        HostSettings settings,
        DiscordOptions discord,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(settings.RecordingsFolder);
        Directory.CreateDirectory(settings.StoreFolder);
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var rest = new DiscordRestClient(http, discord, loggerFactory.CreateLogger<DiscordRestClient>());
        var gateway = new GatewayClient(discord, rest, loggerFactory);
        var voice = new VoiceConnectionFactory(discord, loggerFactory);
        var config = settings.Hocon.WithFallback(ConfigurationFactory.Default());
        var system = ActorSystem.Create("pandora", config);
        var controller = system.ActorOf(
            ControllerActor.Props(gateway, rest, voice, settings.ToRecorderSettings()),
            "controller");
        var node = new PandoraNode(system, http, gateway, controller);
        try
        {
            await gateway.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return node;
    }

    /// <summary>Waits for the next recording outcome published by the actors: <see cref="RecordingStarted"/>,
    /// <see cref="RecordingFinished"/> or <see cref="RecordingFailed"/>.</summary>
    public ValueTask<object> NextOutcomeAsync(CancellationToken cancellationToken = default) =>
        _outcomes.Reader.ReadAsync(cancellationToken);

    /// <summary>Waits until a recording is finished (sealed and in the store), skipping other outcomes; a
    /// <see cref="RecordingFailed"/> throws.</summary>
    public async Task<RecordingFinished> WaitForFinishedAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            switch (await NextOutcomeAsync(cancellationToken).ConfigureAwait(false))
            {
                case RecordingFinished finished:
                    return finished;
                case RecordingFailed failed:
                    throw new InvalidOperationException($"Recording in guild {failed.GuildId} failed: {failed.Reason}");
            }
        }
    }

    /// <summary>Seals every recording in progress (all queued packets written, files moved to the store), then
    /// stops the actor system and the clients.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Controller.Ask<Controller.AllRecordingsStopped>(
                    Actors.Controller.Controller.StopAllRecordings.Instance,
                    TimeSpan.FromSeconds(30))
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
        {
            // Recordings that could not be sealed in time keep their raw files in the working folder; they
            // are readable as they are (no end-of-stream page is needed) but are not moved to the store.
        }

        await CoordinatedShutdown.Get(ActorSystem)
            .Run(CoordinatedShutdown.ClrExitReason.Instance)
            .ConfigureAwait(false);
        await _gateway.DisposeAsync().ConfigureAwait(false);
        _http.Dispose();
        _outcomes.Writer.TryComplete();
    }

    /// <summary>Forwards the actors' recording outcomes to a channel the host can await.</summary>
    private sealed class OutcomeListener : ReceiveActor
    {
        public OutcomeListener(ChannelWriter<object> writer)
        {
            ReceiveAny(message => writer.TryWrite(message));
        }
    }
}
