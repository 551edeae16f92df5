using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Pandora.Discord.Gateway.Internal;

/// <summary>The frames the client sends, as UTF-8 JSON. The results hold secrets (token, session id): never log them.
/// </summary>
internal static class GatewayPayloads
{
    /// <summary><c>{"op":1,"d":seq|null}</c>.</summary>
    public static byte[] Heartbeat(long seq) => Write(w =>
    {
        w.WriteNumber("op", (int)GatewayOpcode.Heartbeat);
        WriteSeq(w, "d", seq);
    });

    /// <summary><c>{"op":2,"d":{token, intents, properties:{os, browser, device}}}</c>.</summary>
    public static byte[] Identify(string token, int intents) => Write(w =>
    {
        w.WriteNumber("op", (int)GatewayOpcode.Identify);
        w.WriteStartObject("d");
        w.WriteString("token", token);
        w.WriteNumber("intents", intents);
        w.WriteStartObject("properties");
        w.WriteString("os", OperatingSystemName());
        w.WriteString("browser", "pandora");
        w.WriteString("device", "pandora");
        w.WriteEndObject();
        w.WriteEndObject();
    });

    /// <summary><c>{"op":6,"d":{token, session_id, seq}}</c>.</summary>
    public static byte[] Resume(string token, string sessionId, long seq) => Write(w =>
    {
        w.WriteNumber("op", (int)GatewayOpcode.Resume);
        w.WriteStartObject("d");
        w.WriteString("token", token);
        w.WriteString("session_id", sessionId);
        WriteSeq(w, "seq", seq);
        w.WriteEndObject();
    });

    /// <summary><c>{"op":4,"d":{guild_id, channel_id|null, self_mute, self_deaf}}</c>.</summary>
    public static byte[] VoiceStateUpdate(ulong guildId, ulong? channelId, bool selfMute, bool selfDeaf) => Write(w =>
    {
        w.WriteNumber("op", (int)GatewayOpcode.VoiceStateUpdate);
        w.WriteStartObject("d");
        w.WriteString("guild_id", guildId.ToString(CultureInfo.InvariantCulture));
        if (channelId is { } channel)
        {
            w.WriteString("channel_id", channel.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            w.WriteNull("channel_id");
        }

        w.WriteBoolean("self_mute", selfMute);
        w.WriteBoolean("self_deaf", selfDeaf);
        w.WriteEndObject();
    });

    internal static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteSeq(Utf8JsonWriter writer, string name, long seq)
    {
        if (seq < 0)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteNumber(name, seq);
        }
    }

    private static string OperatingSystemName() =>
        OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "macos" : "linux";
}
