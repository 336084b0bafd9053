using System.Globalization;
using System.Text.Json;
using CxBot.Protocol;

namespace CxBot.Features.Setup;

/// <summary>Reads card inputs defensively: every value may be missing, of the wrong type or crafted.</summary>
internal static class CardInput
{
    /// <summary>
    /// The text of input <paramref name="name"/> through <see cref="UserText.Clean"/> (no control characters; line breaks kept only
    /// when <paramref name="multiLine"/>), trimmed; null when missing, blank or over <paramref name="maxLength"/> characters.
    /// </summary>
    public static string? Text(JsonElement? data, string name, int maxLength = 500, bool multiLine = false)
    {
        if (data is not { ValueKind: JsonValueKind.Object } d || !d.TryGetProperty(name, out var v))
        {
            return null;
        }

        var text = v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.GetRawText(),
            _ => null,
        };
        return text is null || text.Length > maxLength ? null : UserText.Clean(text, multiLine);
    }

    public static double? Number(JsonElement? data, string name) =>
        double.TryParse(Text(data, name, 40), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) ? n : null;

    public static bool Flag(JsonElement? data, string name) => string.Equals(Text(data, name, 10), "true", StringComparison.OrdinalIgnoreCase);

    public static DateOnly? Date(JsonElement? data, string name) =>
        DateOnly.TryParseExact(Text(data, name, 20), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    public static TimeOnly? Time(JsonElement? data, string name) =>
        TimeOnly.TryParseExact(Text(data, name, 20), ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;

    public static bool IsTime(string text) => TimeOnly.TryParseExact(text, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    /// <summary>A multi-select's comma-separated values.</summary>
    public static IReadOnlyList<string> List(JsonElement? data, string name) =>
        Text(data, name, 20_000) is { } text ? [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal)] : [];

    /// <summary>An Entra object id (a GUID), normalised to lower case.</summary>
    public static string? UserId(JsonElement? data, string name) =>
        Guid.TryParse(Text(data, name, 40), out var id) ? id.ToString() : null;
}
