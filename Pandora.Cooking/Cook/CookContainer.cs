namespace Pandora.Cooking.Cook;

/// <summary>How the tracks of a recording are packed.</summary>
public enum CookContainer
{
    /// <summary>One file in which every speaker is mixed (the default).</summary>
    Mix = 0,

    /// <summary>A zip of one file per speaker, named <c>&lt;track&gt;-&lt;safe name&gt;.&lt;ext&gt;</c>, plus
    /// <c>info.txt</c> describing the recording.</summary>
    Zip = 1,
}
