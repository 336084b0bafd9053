using System.Text.RegularExpressions;

namespace CxBot.Storage;

/// <summary>The property types and limits the Table service accepts.</summary>
internal static partial class TableValues
{
    /// <summary>At most this many custom properties per entity (255 less the three system ones).</summary>
    public const int MaxProperties = 252;

    /// <summary>A string or binary value may be 64 KiB; strings count as UTF-16.</summary>
    public const int MaxValueBytes = 64 * 1024;

    public static void ValidatePropertyName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name is "PartitionKey" or "RowKey" or "Timestamp" || name.StartsWith("odata", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{name}' is a reserved property name; use the entity's own member.", nameof(name));
        }

        if (!ValidName().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a valid property name: use up to 255 letters, digits or underscores, starting with a letter or underscore.", nameof(name));
        }
    }

    /// <summary>Checks the value's type and size; a DateTimeOffset is stored as UTC.</summary>
    public static object Normalise(object value, string name) => value switch
    {
        string s when s.Length * 2 > MaxValueBytes => throw new ArgumentException($"Property '{name}' is {s.Length} characters; strings may be at most {MaxValueBytes / 2}.", nameof(value)),
        byte[] b when b.Length > MaxValueBytes => throw new ArgumentException($"Property '{name}' is {b.Length} bytes; binary values may be at most {MaxValueBytes}.", nameof(value)),
        string or bool or int or long or double or Guid or byte[] => value,
        DateTimeOffset d => d.ToUniversalTime(),
        DateTime => throw new ArgumentException($"Property '{name}' is a DateTime; store a DateTimeOffset so the offset is never guessed.", nameof(value)),
        _ => throw new ArgumentException($"Property '{name}' has type {value.GetType().Name}, which table storage cannot hold.", nameof(value)),
    };

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,254}$", RegexOptions.CultureInvariant)]
    private static partial Regex ValidName();
}
