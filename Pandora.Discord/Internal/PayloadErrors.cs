namespace Pandora.Discord.Internal;

/// <summary>Which exceptions mean "this peer message is bad" (drop and count it) rather than "this connection
/// is broken".</summary>
internal static class PayloadErrors
{
    /// <summary>Wrong JSON value kinds, numbers out of range and the like.</summary>
    public static bool IsPayloadError(Exception ex) =>
        ex is InvalidOperationException or FormatException or OverflowException or ArgumentException
        && ex is not ObjectDisposedException;
}
