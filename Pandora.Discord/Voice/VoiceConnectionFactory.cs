using Microsoft.Extensions.Logging;
using Pandora.Discord.Dave;

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

    /// <summary>Where DAVE plugs in: one hook per connection. Null = a <see cref="DaveSession"/> when
    /// <see cref="DiscordOptions.MaxDaveProtocolVersion"/> is at least 1 (the session description's
    /// dave_protocol_version then decides whether it decrypts or passes frames through), else
    /// <see cref="NoDaveSessionHook"/>. A connection disposes its <see cref="DaveSession"/> with itself.</summary>
    public Func<VoiceConnectionInfo, IDaveSessionHook>? DaveHookFactory { get; init; }

    public IVoiceConnection Create(VoiceConnectionInfo info) =>
        new VoiceConnection(
            info,
            _options,
            DaveHookFactory?.Invoke(info) ?? DefaultDaveHook(info),
            _loggerFactory?.CreateLogger<VoiceConnection>());

    private IDaveSessionHook? DefaultDaveHook(VoiceConnectionInfo info) =>
        _options.MaxDaveProtocolVersion >= 1
            ? new DaveSession(info.UserId, info.ChannelId, _loggerFactory?.CreateLogger<DaveSession>())
            : null;
}
