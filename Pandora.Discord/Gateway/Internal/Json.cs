using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;

namespace Pandora.Discord.Gateway.Internal;

/// <summary>Small readers over <see cref="JsonElement"/> that throw <see cref="PayloadFieldException"/>.</summary>
internal static class Json
{
    public static JsonElement Object(JsonElement parent, string name) =>
        Prop(parent, name, out var v) && v.ValueKind == JsonValueKind.Object
            ? v
            : Throw<JsonElement>(name);

    public static bool TryObject(JsonElement parent, string name, out JsonElement value) =>
        Prop(parent, name, out value) && value.ValueKind == JsonValueKind.Object;

    public static string String(JsonElement parent, string name) =>
        Prop(parent, name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : Throw<string>(name);

    public static string? OptionalString(JsonElement parent, string name) =>
        Prop(parent, name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static ulong Snowflake(JsonElement parent, string name) =>
        OptionalSnowflake(parent, name) ?? Throw<ulong>(name);

    /// <summary>
    /// Snowflakes are decimal strings; numbers are accepted too. Null, absent → null; garbage throws.
    /// </summary>
    public static ulong? OptionalSnowflake(JsonElement parent, string name)
    {
        if (!Prop(parent, name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind == JsonValueKind.String
            && ulong.TryParse(v.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return id;
        }

        return v.ValueKind == JsonValueKind.Number && v.TryGetUInt64(out var n) ? n : Throw<ulong?>(name);
    }

    public static bool Bool(JsonElement parent, string name, bool fallback = false) =>
        Prop(parent, name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => fallback,
        }
        : fallback;

    public static int Int(JsonElement parent, string name) =>
        Prop(parent, name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i)
            ? i
            : Throw<int>(name);

    public static double Number(JsonElement parent, string name) =>
        Prop(parent, name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d)
            ? d
            : Throw<double>(name);

    public static IEnumerable<JsonElement> Array(JsonElement parent, string name) =>
        Prop(parent, name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray()
            : [];

    /// <summary>
    /// Like TryGetProperty, but false (instead of throwing) when <paramref name="parent"/> is no object.
    /// </summary>
    public static bool Prop(JsonElement parent, string name, out JsonElement value)
    {
        value = default;
        return parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out value);
    }

    [DoesNotReturn]
    public static T Throw<T>(string name) => throw new PayloadFieldException(name);
}
