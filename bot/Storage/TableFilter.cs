using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace CxBot.Storage;

/// <summary>
/// An OData filter whose every value was escaped. It can only be built from an interpolated string
/// (<c>TableFilter.Create($"PartitionKey eq {pk} and Count gt {n}")</c>) or by combining other filters,
/// so no caller can splice raw text into a query.
/// </summary>
public readonly struct TableFilter : IEquatable<TableFilter>
{
    private TableFilter(string text) => Text = text;

    /// <summary>The filter as the service reads it.</summary>
    public string Text { get; }

    /// <summary>Builds a filter: the literal parts are the expression, every hole becomes an escaped value.</summary>
    /// <exception cref="ArgumentException">A hole holds null or a type the service cannot compare.</exception>
    public static TableFilter Create(ref TableFilterBuilder filter) => new(filter.Build());

    /// <summary><c>PartitionKey eq '…'</c>.</summary>
    public static TableFilter PartitionKeyEquals(string partitionKey) => Create($"PartitionKey eq {partitionKey}");

    /// <summary>
    /// <c>PartitionKey ge '…' and PartitionKey le '…'</c>: every partition from <paramref name="first"/> to <paramref name="last"/>,
    /// both included, in ordinal order. Keys between two keys sharing a prefix share it too, so a range of one owner's
    /// partitions (<c>owner|2026-W52</c> to <c>owner|2027-W01</c>) never reaches <c>owner2|…</c>.
    /// </summary>
    public static TableFilter PartitionKeyBetween(string first, string last) => Create($"PartitionKey ge {first} and PartitionKey le {last}");

    /// <summary>Both filters hold.</summary>
    public TableFilter And(TableFilter other) => new($"({Text}) and ({other.Text})");

    /// <summary>Either filter holds.</summary>
    public TableFilter Or(TableFilter other) => new($"({Text}) or ({other.Text})");

    /// <summary>Formats one value as an OData literal: strings quoted with <c>'</c> doubled, <c>123L</c>, <c>guid'…'</c>, <c>datetime'…'</c>, <c>X'…'</c>.</summary>
    /// <exception cref="ArgumentException">The value is null or of a type the service cannot compare.</exception>
    public static string Literal(object? value) => value switch
    {
        null => throw new ArgumentException("A filter value cannot be null; test for presence another way.", nameof(value)),
        string s => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'",
        bool b => b ? "true" : "false",
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture) + "L",
        double d when double.IsFinite(d) => DoubleLiteral(d),
        DateTimeOffset t => "datetime'" + t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture) + "'",
        Guid g => "guid'" + g.ToString("D") + "'",
        byte[] bytes => "X'" + Convert.ToHexString(bytes) + "'",
        _ => throw new ArgumentException($"A filter cannot compare a {value.GetType().Name}.", nameof(value)),
    };

    /// <inheritdoc />
    public override string ToString() => Text;

    /// <inheritdoc />
    public bool Equals(TableFilter other) => string.Equals(Text, other.Text, StringComparison.Ordinal);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is TableFilter other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text ?? "");

    /// <summary>Equality by text.</summary>
    public static bool operator ==(TableFilter left, TableFilter right) => left.Equals(right);

    /// <summary>Inequality by text.</summary>
    public static bool operator !=(TableFilter left, TableFilter right) => !left.Equals(right);

    private static string DoubleLiteral(double d)
    {
        var text = d.ToString("R", CultureInfo.InvariantCulture);
        // A whole number needs a point, or the service compares it as an Int32 and matches no Double.
        return text.AsSpan().IndexOfAny('.', 'E', 'e') < 0 ? text + ".0" : text;
    }
}

/// <summary>The interpolated-string builder behind <see cref="TableFilter.Create"/>; literal parts pass through, holes are escaped.</summary>
[InterpolatedStringHandler]
public ref struct TableFilterBuilder
{
    private readonly StringBuilder _text;

    /// <summary>Called by the compiler.</summary>
    public TableFilterBuilder(int literalLength, int formattedCount)
    {
        _ = formattedCount;
        _text = new StringBuilder(literalLength + 32);
    }

    /// <summary>Appends part of the expression as written in code.</summary>
    public readonly void AppendLiteral(string value) => _text.Append(value);

    /// <summary>Appends a value as an escaped literal.</summary>
    public readonly void AppendFormatted<T>(T value) => _text.Append(TableFilter.Literal(value));

    internal readonly string Build() => _text.ToString();
}
