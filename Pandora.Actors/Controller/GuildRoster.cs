using Pandora.Discord.Gateway;

namespace Pandora.Actors.Controller;

/// <summary>What the controller knows of one guild: its name, channels, and who is in which voice channel.
/// Owned by the controller actor; not thread-safe.</summary>
internal sealed class GuildRoster(ulong guildId, string name)
{
    public ulong GuildId { get; } = guildId;

    public string Name { get; set; } = name;

    public Dictionary<ulong, DiscordChannel> Channels { get; } = [];

    public Dictionary<ulong, ulong> VoiceChannelOf { get; } = [];

    public Dictionary<ulong, DiscordUser> Users { get; } = [];

    public void Apply(VoiceState state)
    {
        if (state.User is not null)
        {
            Users[state.UserId] = state.User;
        }

        if (state.ChannelId is { } channelId)
        {
            VoiceChannelOf[state.UserId] = channelId;
        }
        else
        {
            VoiceChannelOf.Remove(state.UserId);
        }
    }

    public string ChannelName(ulong channelId) =>
        Channels.TryGetValue(channelId, out var channel)
            ? channel.Name
            : channelId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
