namespace Pandora.Discord.Gateway.Internal;

/// <summary>A payload lacks a field the recorder needs or has it with the wrong type. Caught by the socket loops,
/// counted and the message dropped; never escapes the client.</summary>
internal sealed class PayloadFieldException(string field) : Exception($"Missing or invalid field '{field}'")
{
    public string Field { get; } = field;
}
