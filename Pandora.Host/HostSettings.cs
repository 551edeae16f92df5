using Akka.Configuration;
using Microsoft.Extensions.Configuration;
using Pandora.Actors;
using Pandora.Cooking.Raw;
using Pandora.Discord;

namespace Pandora.Host;

/// <summary>
/// Everything the host reads at start-up: the environment variables Pandora users know (PANDORA_TOKEN,
/// COMMAND_PREFIX, DISABLE_INTERACTIONS), appsettings, and the <c>pandora</c> block of the HOCON file.
/// <see cref="ToString"/> hides the token.
/// </summary>
public sealed record HostSettings
{
    public string? Token { get; init; }

    public required Uri RestBaseAddress { get; init; }

    public int Intents { get; init; } = 33409;

    public required string RecordingsFolder { get; init; }

    public required string StoreFolder { get; init; }

    public string CommandPrefix { get; init; } = "!";

    public bool DisableInteractions { get; init; }

    public TimeSpan ReorderWindow { get; init; } = TimeSpan.FromMilliseconds(100);

    public required Config Hocon { get; init; }

    public override string ToString() =>
        $"HostSettings {{ RestBaseAddress = {RestBaseAddress}, RecordingsFolder = {RecordingsFolder}, " +
        $"StoreFolder = {StoreFolder}, CommandPrefix = {CommandPrefix}, DisableInteractions = {DisableInteractions} }}";

    /// <summary>Reads the settings. Environment variables win over HOCON, HOCON over the defaults.</summary>
    public static HostSettings Load(IConfiguration configuration)
    {
        var hocon = LoadHocon(configuration["PANDORA_HOCON"]);
        var token = configuration["PANDORA_TOKEN"];
        var prefix = configuration["COMMAND_PREFIX"];
        var disable = configuration["DISABLE_INTERACTIONS"];
        return new HostSettings
        {
            Token = string.IsNullOrWhiteSpace(token) ? null : token.Trim(),
            RestBaseAddress = new Uri(configuration["Discord:RestBaseAddress"] ?? "https://discord.com/api/v10/"),
            Intents = int.TryParse(configuration["Discord:Intents"], out var intents) ? intents : 33409,
            RecordingsFolder = Path.GetFullPath(hocon.GetString("pandora.recordings-folder", "recordings/work")),
            StoreFolder = Path.GetFullPath(hocon.GetString("pandora.store-folder", "recordings/store")),
            CommandPrefix = string.IsNullOrEmpty(prefix) ? hocon.GetString("pandora.command-prefix", "!") : prefix,
            DisableInteractions = disable is not null
                ? disable.Equals("true", StringComparison.OrdinalIgnoreCase) || disable == "1"
                : hocon.GetBoolean("pandora.disable-interactions", false),
            ReorderWindow = hocon.GetTimeSpan("pandora.reorder-window", TimeSpan.FromMilliseconds(100)),
            Hocon = hocon,
        };
    }

    /// <summary>The Discord client options for these settings.</summary>
    public DiscordOptions ToDiscordOptions(string token, string voiceScheme = "wss") => new()
    {
        Token = token,
        RestBaseAddress = RestBaseAddress,
        Intents = Intents,
        VoiceScheme = voiceScheme,
    };

    /// <summary>The actor layer's settings for these host settings.</summary>
    public RecorderSettings ToRecorderSettings() => new()
    {
        RecordingsFolder = RecordingsFolder,
        ObjectStoreFolder = StoreFolder,
        WriterFactory = RawRecording.Create,
        CommandPrefix = CommandPrefix,
        DisableInteractions = DisableInteractions,
        ReorderWindow = ReorderWindow,
    };

    private static Config LoadHocon(string? path)
    {
        path ??= Path.Combine(AppContext.BaseDirectory, "hocon", "pandora.conf");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"HOCON file not found: {path} (set PANDORA_HOCON)", path);
        }

        return ConfigurationFactory.ParseString(File.ReadAllText(path));
    }
}
