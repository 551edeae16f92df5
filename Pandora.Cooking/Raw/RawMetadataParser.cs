using System.Globalization;
using System.Text.Json;

namespace Pandora.Cooking.Raw;

/// <summary>Parses users and info files written by us, Pandora or Craig.</summary>
internal static class RawMetadataParser
{
    /// <summary>Largest users or info file read; real ones are a few kilobytes (Craig's hold avatars as data URIs).
    /// </summary>
    public const long MaxFileLength = 16 * 1024 * 1024;

    private static readonly JsonDocumentOptions s_options = new() { MaxDepth = 16 };

    /// <summary>
    /// Reads the users fragment by wrapping it in braces (as both anchors' cookers do). A recording still being
    /// written may end in a torn line; then the lines are parsed one by one and the broken ones are left out.
    /// </summary>
    public static Dictionary<int, RawTrackUser> ParseUsers(string text)
    {
        try
        {
            using JsonDocument whole = JsonDocument.Parse("{" + text + "}", s_options);
            return ReadUsers(whole.RootElement);
        }
        catch (JsonException)
        {
            var users = new Dictionary<int, RawTrackUser>();
            foreach (string line in text.Split('\n'))
            {
                string entry = line.Trim().TrimStart(',');
                try
                {
                    using JsonDocument one = JsonDocument.Parse("{" + entry + "}", s_options);
                    foreach ((int track, RawTrackUser user) in ReadUsers(one.RootElement))
                    {
                        users[track] = user;
                    }
                }
                catch (JsonException)
                {
                    // A torn or foreign line: that track keeps no name, its audio is still cooked.
                }
            }

            return users;
        }
    }

    /// <exception cref="RawRecordingException">Kind <see cref="RawRecordingErrorKind.InvalidMetadata"/>.</exception>
    public static RawRecordingMetadata ParseInfo(string text)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(text, s_options);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                RawRecordingException.Throw(RawRecordingErrorKind.InvalidMetadata, "The info file is not an object.");
            }

            JsonElement guildExtra = Property(root, "guildExtra");
            JsonElement channelExtra = Property(root, "channelExtra");
            string? guild = Text(root, "guild");
            string? guildId = Text(guildExtra, "id") ?? GuildIdFromName(guild);
            return new RawRecordingMetadata(
                Property(root, "format").ValueKind == JsonValueKind.Number ? Property(root, "format").GetInt32() : null,
                Text(root, "key"),
                Text(root, "delete"),
                Text(root, "requester"),
                Text(root, "requesterId"),
                ParseStartTime(root),
                Text(guildExtra, "name") ?? StripGuildId(guild, guildId),
                guildId,
                Text(root, "channel") ?? Text(channelExtra, "name"),
                Text(channelExtra, "id"),
                Property(root, "endSamples").ValueKind == JsonValueKind.Number
                    && Property(root, "endSamples").TryGetInt64(out long end) && end >= 0 ? end : null);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            RawRecordingException.Throw(RawRecordingErrorKind.InvalidMetadata, "The info file is not valid.", e);
            return null;
        }
    }

    private static Dictionary<int, RawTrackUser> ReadUsers(JsonElement root)
    {
        var users = new Dictionary<int, RawTrackUser>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            return users;
        }

        foreach (JsonProperty property in root.EnumerateObject())
        {
            if (!int.TryParse(property.Name, NumberStyles.None, CultureInfo.InvariantCulture, out int track)
                || track < 1 || property.Value.ValueKind != JsonValueKind.Object)
            {
                continue; // "0":{} and anything foreign
            }

            JsonElement u = property.Value;
            users[track] = new RawTrackUser(
                track,
                Text(u, "id"),
                Text(u, "username") ?? Text(u, "name"),
                Text(u, "discriminator") ?? Text(u, "discrim"),
                Text(u, "globalName"),
                Property(u, "bot").ValueKind == JsonValueKind.True);
        }

        return users;
    }

    // Craig: ISO 8601 string. Pandora: epoch milliseconds as a string by default, ISO in its cooking server's
    // sample. Ours: ISO plus startTimeMs.
    private static DateTimeOffset? ParseStartTime(JsonElement root)
    {
        JsonElement ms = Property(root, "startTimeMs");
        if (ms.ValueKind == JsonValueKind.Number && ms.TryGetInt64(out long millis))
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(millis);
        }

        JsonElement start = Property(root, "startTime");
        if (start.ValueKind == JsonValueKind.Number && start.TryGetInt64(out millis))
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(millis);
        }

        string? text = start.ValueKind == JsonValueKind.String ? start.GetString() : null;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out millis))
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(millis);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal,
            out DateTimeOffset parsed) ? parsed : null;
    }

    private static string? StripGuildId(string? guild, string? guildId) =>
        guild is not null && guildId is not null && guild.EndsWith("#" + guildId, StringComparison.Ordinal)
            ? guild[..^(guildId.Length + 1)]
            : guild;

    private static string? GuildIdFromName(string? guild)
    {
        int hash = guild?.LastIndexOf('#') ?? -1;
        return hash >= 0 && ulong.TryParse(guild.AsSpan(hash + 1), NumberStyles.None, CultureInfo.InvariantCulture,
            out _) ? guild![(hash + 1)..] : null;
    }

    private static JsonElement Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value)
            ? value
            : default;

    // Ids and keys appear as strings or as numbers depending on the writer.
    private static string? Text(JsonElement element, string name)
    {
        JsonElement value = Property(element, name);
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
    }
}
