using System.Globalization;
using System.Text.Json;
using CxBot.Features.Setup;

namespace CxBot.Features.Checkins;

/// <summary>Reads a check-in's answers from card data against the team's questions of that day; anything else is refused.</summary>
internal static class CheckinAnswers
{
    /// <summary>The answers by standard id, or the reason they cannot be stored.</summary>
    public static (IReadOnlyDictionary<string, double>? Values, string? Error) Read(JsonElement? data, TenantSetup setup, TeamSetup team, DateOnly date)
    {
        if (data is not { ValueKind: JsonValueKind.Object } d)
        {
            return (null, NothingAnswered);
        }

        var questions = CheckinCards.Questions(setup, team, date).ToDictionary(s => s.Id, StringComparer.Ordinal);
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var property in d.EnumerateObject().Where(p => p.Name.StartsWith(CheckinNames.QuestionPrefix, StringComparison.Ordinal)))
        {
            if (!questions.TryGetValue(property.Name[CheckinNames.QuestionPrefix.Length..], out var standard))
            {
                return (null, "This check-in asks something your team no longer measures. Nothing was saved; please use the latest check-in.");
            }

            if (CardInput.Text(d, property.Name, 40) is not { } text)
            {
                continue; // skipped
            }

            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
            {
                return (null, $"\"{Label(standard)}\" needs a number. Nothing was saved.");
            }

            if (standard.Kind == StandardKind.Soft && (value != Math.Floor(value) || value is < 1 or > 5))
            {
                return (null, $"\"{Label(standard)}\" is answered from 1 to 5. Nothing was saved.");
            }

            if (standard.Kind == StandardKind.Hard && !standard.Range.Contains(value))
            {
                return (null, standard.Range.IsPercentage
                    ? $"\"{Label(standard)}\" is a percentage: enter a number {standard.Range.InWords}. Nothing was saved."
                    : $"\"{Label(standard)}\" must be a number {standard.Range.InWords}. Nothing was saved.");
            }

            values[standard.Id] = value;
        }

        return values.Count == 0 ? (null, NothingAnswered) : (values, null);
    }

    public const string NothingAnswered = "Answer at least one question, then press Send.";

    private static string Label(Standard s) => Cards.CardText.Clip(s.CheckinQuestion ?? s.Name, 60) ?? s.Id;
}
