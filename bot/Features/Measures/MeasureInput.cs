using System.Globalization;
using System.Text.Json;
using CxBot.Features.Setup;

namespace CxBot.Features.Measures;

/// <summary>
/// What the figures form sent, read defensively (every value may be missing, of the wrong type or forged): the week's figures
/// by standard id as typed, the clear toggles, and what the card showed. <see cref="Check"/> finds every problem at once.
/// </summary>
internal sealed class MeasureInput
{
    public const int MaxDecimals = 6;

    private MeasureInput(IReadOnlyDictionary<string, string> typed, IReadOnlySet<string> cleared, IReadOnlyDictionary<string, decimal> seen)
    {
        Typed = typed;
        Cleared = cleared;
        Seen = seen;
    }

    /// <summary>Non-blank figures as typed, by standard id.</summary>
    public IReadOnlyDictionary<string, string> Typed { get; }

    /// <summary>Standards whose Clear toggle was on.</summary>
    public IReadOnlySet<string> Cleared { get; }

    /// <summary>The figures the card showed when it was drawn, by standard id (to notice someone else's change).</summary>
    public IReadOnlyDictionary<string, decimal> Seen { get; }

    public static MeasureInput Read(JsonElement? data)
    {
        var typed = new Dictionary<string, string>(StringComparer.Ordinal);
        var cleared = new HashSet<string>(StringComparer.Ordinal);
        if (data is { ValueKind: JsonValueKind.Object } d)
        {
            foreach (var property in d.EnumerateObject())
            {
                if (property.Name.StartsWith(MeasureNames.ValuePrefix, StringComparison.Ordinal) && CardInput.Text(data, property.Name, 40) is { } text)
                {
                    typed[property.Name[MeasureNames.ValuePrefix.Length..]] = text;
                }
                else if (property.Name.StartsWith(MeasureNames.ClearPrefix, StringComparison.Ordinal) && CardInput.Flag(data, property.Name))
                {
                    cleared.Add(property.Name[MeasureNames.ClearPrefix.Length..]);
                }
            }
        }

        return new MeasureInput(typed, cleared, ReadSeen(CardInput.Text(data, "seen", 20_000)));
    }

    /// <summary>The changes to save, or every problem (each a sentence naming its standard); either list is empty.</summary>
    public (IReadOnlyList<MeasureChange> Changes, IReadOnlyList<string> Problems) Check(TenantSetup setup, TeamSetup team, DateOnly monday)
    {
        var recordable = MeasureStandards.For(setup, team, monday).ToDictionary(s => s.Id, StringComparer.Ordinal);
        var problems = new List<string>();
        // One line per reason: a forged card naming a thousand unknown standards gets one line, not a thousand.
        problems.AddRange(Typed.Keys.Concat(Cleared).Where(id => !recordable.ContainsKey(id)).Order(StringComparer.Ordinal)
            .Select(id => MeasureStandards.WhyNot(setup, team, monday, id)).Distinct(StringComparer.Ordinal));

        var changes = new List<MeasureChange>();
        foreach (var standard in recordable.Values)
        {
            var cleared = Cleared.Contains(standard.Id);
            var seen = Seen.TryGetValue(standard.Id, out var s) ? s : (decimal?)null;
            if (!Typed.TryGetValue(standard.Id, out var text))
            {
                if (cleared)
                {
                    changes.Add(new MeasureChange(standard.Id, null, seen));
                }

                continue;
            }

            if (cleared)
            {
                problems.Add($"\"{standard.Name}\": give a figure or clear it, not both.");
            }
            else if (Problem(standard, text, out var value) is { } problem)
            {
                problems.Add(problem);
            }
            else
            {
                changes.Add(new MeasureChange(standard.Id, value, seen));
            }
        }

        if (problems.Count == 0 && changes.Count == 0)
        {
            problems.Add("Enter at least one figure, or clear a recorded one.");
        }

        return problems.Count > 0 ? ([], problems) : (changes, []);
    }

    /// <summary>The figure typed for <paramref name="standard"/>, or why it cannot be recorded.</summary>
    private static string? Problem(Standard standard, string text, out decimal value)
    {
        var range = standard.Range;
        var number = range.IsPercentage ? text.TrimEnd('%', ' ') : text;
        var parsed = MeasureStore.Parse(number);
        value = parsed ?? 0;
        if (parsed is null)
        {
            return number.Contains(',', StringComparison.Ordinal) && MeasureStore.Parse(number.Replace(',', '.')) is not null
                ? $"\"{standard.Name}\" needs a number written with a decimal point, such as 96.5."
                : $"\"{standard.Name}\" needs a number, such as {(range.IsPercentage ? "96.5" : "12")}.";
        }

        if (parsed < (decimal)range.Min || parsed > (decimal)range.Max)
        {
            return range.IsPercentage
                ? $"\"{standard.Name}\" is a percentage: enter a number from 0 to 100."
                : $"\"{standard.Name}\" must be a number {range.InWords}.";
        }

        return parsed.Value.Scale > MaxDecimals && decimal.Round(parsed.Value, MaxDecimals) != parsed.Value
            ? $"\"{standard.Name}\" has more than {MaxDecimals} decimal places: round it."
            : null;
    }

    /// <summary>The figures a card showed, as the form carries them: "slot-kept=96;first-time-fix=88.5".</summary>
    public static string WriteSeen(IReadOnlyDictionary<string, RecordedMeasure> shown) =>
        string.Join(";", shown.Values.OrderBy(v => v.StandardId, StringComparer.Ordinal).Select(v => v.StandardId + "=" + MeasureStore.Format(v.Value)));

    private static Dictionary<string, decimal> ReadSeen(string? text)
    {
        var seen = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var pair in (text ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            if (at > 0 && SetupRules.IsId(pair[..at]) && MeasureStore.Parse(pair[(at + 1)..]) is { } value)
            {
                seen[pair[..at]] = value;
            }
        }

        return seen;
    }

    /// <summary>A typed figure to show again in the form (null when it is not a number).</summary>
    public double? Shown(string standardId) =>
        Typed.TryGetValue(standardId, out var text) && double.TryParse(text.TrimEnd('%', ' '), NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) ? n : null;
}
