using System.Text.RegularExpressions;

namespace CxBot.Storage;

/// <summary>Checks table names and prefixes against the service's rules (a letter, then letters or digits, 3 to 63 in all).</summary>
public static partial class TableNames
{
    /// <summary>Throws when <paramref name="name"/> is not a valid table name.</summary>
    /// <exception cref="ArgumentException">The name breaks the rules.</exception>
    public static void Validate(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!ValidName().IsMatch(name) || name.Equals("tables", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{name}' is not a valid table name: use 3 to 63 letters or digits, starting with a letter.", nameof(name));
        }
    }

    /// <summary>True when <paramref name="prefix"/> can start a table name (empty, or letters and digits starting with a letter).</summary>
    public static bool IsValidPrefix(string? prefix) => prefix is not null && (prefix.Length == 0 || ValidPrefix().IsMatch(prefix));

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex ValidName();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{0,39}$", RegexOptions.CultureInvariant)]
    private static partial Regex ValidPrefix();
}
