using System.Globalization;
using Pandora.Discord.Gateway.Internal;

namespace Pandora.Discord.Voice.Internal;

/// <summary>Voice gateway frames the client sends. Identify and Resume hold secrets: never log them.</summary>
internal static class VoicePayloads
{
    /// <summary><c>{"op":0,"d":{server_id, user_id, session_id, token, max_dave_protocol_version}}</c>.</summary>
    public static byte[] Identify(VoiceConnectionInfo info, int maxDaveVersion) => GatewayPayloads.Write(w =>
    {
        w.WriteNumber("op", (int)VoiceOpcode.Identify);
        w.WriteStartObject("d");
        w.WriteString("server_id", Id(info.GuildId));
        w.WriteString("user_id", Id(info.UserId));
        w.WriteString("session_id", info.SessionId);
        w.WriteString("token", info.Token);
        w.WriteNumber("max_dave_protocol_version", maxDaveVersion);
        w.WriteEndObject();
    });

    /// <summary><c>{"op":7,"d":{server_id, session_id, token, seq_ack}}</c>.</summary>
    public static byte[] Resume(VoiceConnectionInfo info, int seqAck) => GatewayPayloads.Write(w =>
    {
        w.WriteNumber("op", (int)VoiceOpcode.Resume);
        w.WriteStartObject("d");
        w.WriteString("server_id", Id(info.GuildId));
        w.WriteString("session_id", info.SessionId);
        w.WriteString("token", info.Token);
        w.WriteNumber("seq_ack", seqAck);
        w.WriteEndObject();
    });

    /// <summary><c>{"op":3,"d":{t, seq_ack}}</c>.</summary>
    public static byte[] Heartbeat(long nonce, int seqAck) => GatewayPayloads.Write(w =>
    {
        w.WriteNumber("op", (int)VoiceOpcode.Heartbeat);
        w.WriteStartObject("d");
        w.WriteNumber("t", nonce);
        w.WriteNumber("seq_ack", seqAck);
        w.WriteEndObject();
    });

    /// <summary><c>{"op":1,"d":{protocol:"udp", data:{address, port, mode}}}</c>.</summary>
    public static byte[] SelectProtocol(string address, int port, string mode) => GatewayPayloads.Write(w =>
    {
        w.WriteNumber("op", (int)VoiceOpcode.SelectProtocol);
        w.WriteStartObject("d");
        w.WriteString("protocol", "udp");
        w.WriteStartObject("data");
        w.WriteString("address", address);
        w.WriteNumber("port", port);
        w.WriteString("mode", mode);
        w.WriteEndObject();
        w.WriteEndObject();
    });

    private static string Id(ulong id) => id.ToString(CultureInfo.InvariantCulture);
}
