namespace Pandora.Emulator.Scenarios;

/// <summary>How members give the bot its commands.</summary>
public enum CommandStyle
{
    /// <summary>INTERACTION_CREATE with application commands "record" / "end".</summary>
    Slash = 1,

    /// <summary>MESSAGE_CREATE with the text "!record" / "!end" in the text channel.</summary>
    Text = 2,
}
