using System.Text.Json.Nodes;
using Pandora.Mls.Messages;

namespace Pandora.Emulator.Dave;

/// <summary>
/// Someone in the voice channel as the DAVE gateway sees them: the bot on its voice socket, or an emulated member
/// in process. The gateway-side fields are touched only by the <see cref="DaveGateway"/> loop.
/// </summary>
internal abstract class DaveParticipant(ulong userId, string name)
{
    public ulong UserId { get; } = userId;

    public string Name { get; } = name;

    /// <summary>Still in the channel (a left participant's leaf is removed).</summary>
    public bool Present { get; set; } = true;

    /// <summary>The last key package received (op 26), null after op 31 until a new one arrives.</summary>
    public KeyPackage? KeyPackage { get; set; }

    /// <summary>When the key package arrived (the earliest is the creator of a new group).</summary>
    public long KeyPackageOrder { get; set; }

    /// <summary>Our leaf in the group, or null.</summary>
    public uint? Leaf { get; set; }

    /// <summary>The key package our leaf came from; differs from <see cref="KeyPackage"/> when stale.</summary>
    public KeyPackage? LeafPackage { get; set; }

    /// <summary>Sends a binary DAVE message (op 25, 27, 29, 30) with its payload (after the opcode byte).</summary>
    public abstract Task SendBinaryAsync(byte op, byte[] payload);

    /// <summary>Sends a JSON DAVE message (op 21, 22, 24).</summary>
    public abstract Task SendJsonAsync(int op, JsonObject d);

    public override string ToString() => $"{Name} ({UserId})";
}
