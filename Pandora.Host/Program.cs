using System.Runtime.InteropServices;
using Microsoft.Extensions.Configuration;
using Pandora.Emulator.Scenarios;
using Pandora.Host.Http;
using Pandora.Host.Logging;
using Serilog;
using Serilog.Extensions.Logging;

namespace Pandora.Host;

/// <summary>
/// Entry point. <c>pandora</c> alone runs the bot when PANDORA_TOKEN is set and the emulator demo otherwise;
/// <c>pandora demo</c>, <c>pandora bot</c> (the bot and the cooking server), <c>pandora serve</c> (the cooking
/// server alone) and <c>pandora cook ...</c> choose explicitly.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var environment = Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Development";
        var configuration = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables()
            .Build();
        await using var logger = LoggingSetup.Create(configuration);
        Log.Logger = logger;
        using var loggerFactory = new SerilogLoggerFactory(logger);
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };

        // systemd and Docker stop a service with SIGTERM: stop the same way as Ctrl+C, sealing recordings first.
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });

        try
        {
            var settings = HostSettings.Load(configuration);
            var command = args.Length > 0 ? args[0] : settings.Token is null ? "demo" : "bot";
            switch (command)
            {
                case "demo":
                    var demo = new DemoRunner(settings, loggerFactory, configuration["Demo:Output"] ?? "out");
                    var result = await demo.RunAsync(Scenario.Default, stop.Token);
                    DemoRunner.Print(result, Console.Out);
                    return 0;
                case "bot":
                {
                    await using var server = await CookingServer.StartAsync(ServerOptions(configuration, settings),
                        loggerFactory, stop.Token);
                    return await BotRunner.RunAsync(settings, loggerFactory, stop.Token);
                }

                case "serve":
                {
                    await using var server = await CookingServer.StartAsync(ServerOptions(configuration, settings),
                        loggerFactory, stop.Token);
                    await server.RunAsync(stop.Token);
                    return 0;
                }

                case "cook":
                    return await CookCommand.RunAsync(args[1..], settings, loggerFactory, Console.Out, stop.Token);
                default:
                    await Console.Error.WriteLineAsync($"Unknown command '{command}'. Use demo, bot, serve or cook.");
                    return 2;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return 130;
        }
        catch (Exception e)
        {
            Log.Fatal(e, "Pandora stopped on an error");
            return 1;
        }
    }

    /// <summary>The cooking server's settings: <c>Cooking:Host</c> (default 127.0.0.1) and <c>Cooking:Port</c>
    /// (default 3004) from appsettings or the environment (<c>Cooking__Port</c>).</summary>
    private static CookingServerOptions ServerOptions(IConfiguration configuration, HostSettings settings) => new()
    {
        Host = configuration["Cooking:Host"] ?? "127.0.0.1",
        Port = int.TryParse(configuration["Cooking:Port"], out var port) ? port : 3004,
        StoreFolder = settings.StoreFolder,
        WorkFolder = settings.RecordingsFolder,
    };
}
