namespace Pandora.Cooking.Raw;

/// <summary>
/// A speaker as read from <c>&lt;id&gt;.ogg.users</c>, from either Pandora's fields (<c>name</c>, <c>discrim</c>)
/// or Craig's (<c>username</c>, <c>discriminator</c>, <c>globalName</c>, <c>bot</c>). Missing fields are null.
/// </summary>
public sealed record RawTrackUser(
    int Track,
    string? Id,
    string? Username,
    string? Discriminator,
    string? GlobalName,
    bool Bot)
{
    /// <summary>The name to show: the global (display) name, else the user name, else "track N".</summary>
    public string DisplayName => GlobalName ?? Username ?? $"track {Track}";
}
