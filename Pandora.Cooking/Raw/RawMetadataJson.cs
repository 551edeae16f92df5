using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Pandora.Cooking.Raw;

/// <summary>Writes the users lines and the info object with the fields both Pandora and Craig expect.</summary>
internal static class RawMetadataJson
{
    /// <summary>First line of every users file: the placeholder entry for track 0.</summary>
    public const string UsersPrologue = "\"0\":{}\n";

    /// <summary>
    /// One users line: <c>,"&lt;track&gt;":{...}</c> and a newline. Snowflakes are strings, as both anchors write
    /// them (JSON numbers lose precision above 2^53). Pandora reads <c>name</c>/<c>discrim</c>, Craig
    /// <c>username</c>/<c>discriminator</c>/<c>globalName</c>/<c>bot</c>; the JSON writer escapes control
    /// characters, so a name can never break the one-entry-per-line layout.
    /// </summary>
    public static string UserLine(RawUser user)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", user.Id.ToString(CultureInfo.InvariantCulture));
            json.WriteString("name", user.Username);
            json.WriteString("discrim", user.Discriminator);
            json.WriteString("username", user.Username);
            json.WriteString("discriminator", user.Discriminator);
            json.WriteString("globalName", user.GlobalName);
            json.WriteBoolean("bot", user.Bot);
            json.WriteEndObject();
        }

        string track = user.Track.ToString(CultureInfo.InvariantCulture);
        return ",\"" + track + "\":" + Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>
    /// The info object. <c>startTime</c> is ISO 8601 (Craig writes that, and Pandora's own sample recording has
    /// it too; both cookers only display it); one key cannot also hold Pandora's default of epoch milliseconds,
    /// so those go to <c>startTimeMs</c>. <c>guild</c> is <c>name#id</c>; Craig's structured
    /// <c>guildExtra</c>/<c>channelExtra</c> carry the parts.
    /// </summary>
    public static byte[] Info(RawRecordingInfo info, ulong? endSamples = null)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            string guildId = info.GuildId.ToString(CultureInfo.InvariantCulture);
            string channelId = info.ChannelId.ToString(CultureInfo.InvariantCulture);
            json.WriteStartObject();
            json.WriteNumber("format", 1);
            json.WriteString("id", info.Id);
            json.WriteString("key", info.AccessKey);
            json.WriteString("delete", info.DeleteKey);
            json.WriteString("guild", info.GuildName + "#" + guildId);
            json.WriteStartObject("guildExtra");
            json.WriteString("name", info.GuildName);
            json.WriteString("id", guildId);
            json.WriteNull("icon");
            json.WriteEndObject();
            json.WriteString("channel", info.ChannelName);
            json.WriteStartObject("channelExtra");
            json.WriteString("name", info.ChannelName);
            json.WriteString("id", channelId);
            json.WriteNumber("type", 2); // GUILD_VOICE in Discord's channel types
            json.WriteEndObject();
            json.WriteString("requester", info.Requester);
            json.WriteString("requesterId", info.RequesterId.ToString(CultureInfo.InvariantCulture));
            json.WriteString("startTime", info.StartTime.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ",
                CultureInfo.InvariantCulture));
            json.WriteNumber("startTimeMs", info.StartTime.ToUnixTimeMilliseconds());
            if (endSamples is { } end)
            {
                json.WriteNumber("endSamples", end);
            }

            json.WriteStartObject("features");
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
