using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CxBot.Tests.Hardening;

/// <summary>
/// A scan of every stored row for values no card could produce, whatever the table: text (keys, string properties, and the
/// strings and names inside JSON-valued properties) that is not valid UTF-16 or holds control characters other than tab and
/// line breaks; dates (typed, or <c>yyyy-MM-dd…</c> text in a property named like a date: <c>date</c>, <c>effectiveFrom</c>,
/// <c>loggedAt</c>…; free text may say anything) before 2000 or more than ten years ahead; numbers that are not
/// finite or beyond ±10¹². Returns one line per problem, naming the table, property and kind, never the value.
/// </summary>
internal static partial class StoredText
{
    public static IReadOnlyList<string> Check(IEnumerable<StoredRow> rows, DateTimeOffset now)
    {
        var problems = new List<string>();
        var earliest = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var latest = now.AddYears(10);
        foreach (var row in rows)
        {
            void Text(string where, string value, bool isKey = false)
            {
                if (!IsValidUtf16(value))
                {
                    problems.Add($"{row.Table}.{where}: a lone UTF-16 surrogate");
                }

                if (value.Any(c => char.IsControl(c) && (isKey || c is not ('\t' or '\n' or '\r'))))
                {
                    problems.Add($"{row.Table}.{where}: a control character (U+{(int)value.First(char.IsControl):X4})");
                }

                if (DateName().IsMatch(where) && DateText().Match(value) is { Success: true } m)
                {
                    var year = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                    if (year < earliest.Year || year > latest.Year)
                    {
                        problems.Add($"{row.Table}.{where}: the date {m.Value} is outside {earliest.Year}–{latest.Year}");
                    }
                }
            }

            Text("PartitionKey", row.PartitionKey, isKey: true);
            Text("RowKey", row.RowKey, isKey: true);
            foreach (var (name, value) in row.Properties)
            {
                switch (value)
                {
                    case string s when s.Length > 1 && s[0] is '{' or '[' && TryParse(s) is { } document:
                        using (document)
                        {
                            Walk(row.Table + "." + name, document.RootElement, Text, problems);
                        }

                        break;
                    case string s:
                        Text(name, s);
                        break;
                    case DateTimeOffset d when d < earliest || d > latest:
                        problems.Add($"{row.Table}.{name}: the date {d:yyyy-MM-dd} is outside {earliest.Year}–{latest.Year}");
                        break;
                    case DateTime d when d < earliest.UtcDateTime || d > latest.UtcDateTime:
                        problems.Add($"{row.Table}.{name}: the date {d:yyyy-MM-dd} is outside {earliest.Year}–{latest.Year}");
                        break;
                    case double d when !double.IsFinite(d) || Math.Abs(d) > 1e12:
                        problems.Add($"{row.Table}.{name}: the number {d.ToString("R", CultureInfo.InvariantCulture)} is out of any range");
                        break;
                }
            }
        }

        return problems;
    }

    private static void Walk(string where, JsonElement element, Action<string, string, bool> text, List<string> problems)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    text(where + " (a JSON name)", property.Name, false);
                    Walk(where + "." + property.Name, property.Value, text, problems);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Walk(where + "[]", item, text, problems);
                }

                break;
            case JsonValueKind.String:
                // A lone surrogate escape in stored JSON cannot be read back as a string at all.
                string? value;
                try
                {
                    value = element.GetString();
                }
                catch (InvalidOperationException)
                {
                    value = "\ud800";
                }

                text(where, value ?? "", false);
                break;
            case JsonValueKind.Number when !element.TryGetDouble(out var d) || !double.IsFinite(d) || Math.Abs(d) > 1e12:
                problems.Add($"{where}: a number out of any range");
                break;
        }
    }

    private static JsonDocument? TryParse(string json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsValidUtf16(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A property (or JSON path) whose last name says it holds a date: <c>date</c>, <c>effectiveFrom</c>, <c>pauseUntil</c>, <c>dueAt</c>…</summary>
    [GeneratedRegex(@"(?:^|[.\[\]])(?:[A-Za-z]*(?:Date|From|Until|Since|At|On|Due|Start|End|Day)|date|from|until|since|due|start|end|day)(?:\[\])*$")]
    private static partial Regex DateName();

    /// <summary>A date at the start of a text: <c>2026-12-07</c>, <c>2026-12-07T09:00:00Z</c>.</summary>
    [GeneratedRegex(@"^(-?\d{4,5})-\d{2}-\d{2}(?:$|T)")]
    private static partial Regex DateText();
}
