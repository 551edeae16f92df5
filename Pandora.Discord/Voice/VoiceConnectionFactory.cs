using Microsoft.Extensions.Logging;

namespace Pandora.Discord.Voice;

/// <summary>Makes <see cref="VoiceConnection"/>s. Thread safe.</summary>
public sealed class VoiceConnectionFactory : IVoiceConnectionFactory
{
    private readonly DiscordOptions _options;
    private readonly ILoggerFactory? _loggerFactory;

    public VoiceConnectionFactory(DiscordOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _loggerFactory = loggerFactory;
    }

    /// <summary>Where DAVE plugs in: one hook per connection. Null = <see cref="NoDaveSessionHook"/>.</summary>
    public Func<VoiceConnectionInfo, IDaveSessionHook>? DaveHookFactory { get; init; }

    public IVoiceConnection Create(VoiceConnectionInfo info) =>
        new VoiceConnection(
            info,
            _options,
            DaveHookFactory?.Invoke(info),
            _loggerFactory?.CreateLogger<VoiceConnection>());
}
