using System.Globalization;

namespace CxBot.Protocol;

/// <summary>
/// The shape of the identifiers an activity carries, checked before they reach a table key or a connector URL. Tenant and
/// Entra object ids are GUIDs (hex digits and dashes; the Agents Playground's tenant has one digit too many, so the shape, not
/// <see cref="Guid.TryParse(string?, out Guid)"/>); other ids are printable text without white space or control characters.
/// </summary>
internal static class PlausibleIds
{
    /// <summary>True for a GUID-shaped id of at most <paramref name="max"/> characters: hex digits and dashes, at least one digit.</summary>
    public static bool IsGuidLike(string value, int max) =>
        value.Length <= max && value.Any(char.IsAsciiHexDigit) && value.All(c => char.IsAsciiHexDigit(c) || c == '-');

    /// <summary>True for an id of at most <paramref name="max"/> characters with no white space, control, format or unpaired surrogate characters.</summary>
    public static bool IsPrintable(string value, int max)
    {
        if (value.Length == 0 || value.Length > max)
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            if (char.IsWhiteSpace(c) || char.IsSurrogate(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format)
            {
                return false;
            }
        }

        return true;
    }
}
