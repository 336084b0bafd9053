using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CxBot.Cards;
using CxBot.Features.Setup;

namespace CxBot.Features.Checkins;

/// <summary>Builds the check-in cards (see <c>cards/checkins/</c>): the prompt, the thank-you, personal preferences and team settings.</summary>
internal sealed class CheckinCards(CardTemplates templates)
{
    /// <summary>The flows the prompt and the thank-you offer (Action.Submit, so the check-in stays where it is and the form comes as a new message).</summary>
    public static readonly IReadOnlyList<FlowButton> Flows =
        [new("Incident", Incidents.IncidentNames.Open), new("Idea", Ideas.IdeaNames.New), new("Shout-out", Recognition.RecognitionNames.ShowForm)];

    public static readonly IReadOnlyList<Choice> Scale =
        [new("1 – Poorly", "1"), new("2", "2"), new("3", "3"), new("4", "4"), new("5 – Very well", "5")];

    public static readonly IReadOnlyList<Choice> Delays =
        [new("No reminder", "0"), new("After 30 minutes", "30"), new("After 1 hour", "60"), new("After 2 hours", "120"), new("After 3 hours", "180"), new("After 4 hours", "240")];

    /// <summary>The standards a team's check-in asks about on a date: active soft ones (their staff question), and hand-recorded hard ones.</summary>
    public static IReadOnlyList<Standard> Questions(TenantSetup setup, TeamSetup team, DateOnly date) =>
        [.. setup.Standards.Where(s => s.IsActiveOn(date)
            && (team.Standards.Count == 0 || team.Standards.Contains(s.Id, StringComparer.Ordinal))
            && (s.Kind == StandardKind.Soft || s.HandRecorded))];

    public JsonObject Prompt(TenantSetup setup, TeamSetup team, DateOnly date, bool reminder, IReadOnlyDictionary<string, double>? values = null, string? notice = null)
    {
        var questions = Questions(setup, team, date);
        double? Number(Standard s) => values is not null && values.TryGetValue(s.Id, out var v) ? v : null;
        string Value(Standard s) => Number(s)?.ToString(CultureInfo.InvariantCulture) ?? "";
        return templates.Bind(CheckinNames.PromptTemplate, new PromptData(
            CardText.Clip(team.Name, 80) ?? "",
            DateText(date),
            reminder,
            notice,
            team.Id,
            CheckinKeys.Date(date),
            [.. questions.Where(s => s.Kind == StandardKind.Soft).Select(s => new QuestionData(CheckinNames.QuestionPrefix + s.Id, CardText.Clip(s.CheckinQuestion, 200) ?? s.Name, Value(s), null))],
            [.. questions.Where(s => s.Kind == StandardKind.Hard).Select(s => new QuestionData(CheckinNames.QuestionPrefix + s.Id, CardText.Clip(MeasureLabel(s), 200) ?? s.Id, "", Number(s)) { Min = s.Range.Min, Max = s.Range.Max })],
            CheckinKeys.Date(date.AddDays(7)),
            Scale,
            Flows));
    }

    /// <summary>A measure's label: its name, unit and range ("Delivered without damage, in % (0 to 100)").</summary>
    public static string MeasureLabel(Standard s) => s.Unit is { Length: > 0 } unit
        ? $"{s.Name}, in {unit} ({s.Range.InWords[5..]})"
        : $"{s.Name} ({s.Range.InWords[5..]})";

    /// <summary>The prompt's notification line: "Your Front Desk check-in for Monday 23 November: how did today go?" (a reminder says so).</summary>
    public static string Summary(TeamSetup team, DateOnly date, bool reminder) =>
        $"{(reminder ? "Reminder: your" : "Your")} {CardText.Clip(team.Name, 80)} check-in for {DateText(date)}: how did today go?";

    public JsonObject Thanks(TenantSetup setup, TeamSetup team, CheckinAnswer answer) => templates.Bind(CheckinNames.ThanksTemplate, new ThanksData(
        CardText.Clip(team.Name, 80) ?? "",
        DateText(answer.Date),
        team.Id,
        CheckinKeys.Date(answer.Date),
        [.. answer.Values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => new Fact(CardText.Clip(setup.FindStandard(v.Key)?.Name ?? v.Key, 80) ?? v.Key, v.Value.ToString(CultureInfo.InvariantCulture)))],
        Flows));

    public JsonObject Preferences(PersonPreferences preferences, DateOnly today, IReadOnlyList<TeamSetup> managed, string? notice) => templates.Bind(CheckinNames.PreferencesTemplate, new PreferencesData(
        notice,
        preferences.Stopped ? "Stopped: you get no check-ins until you resume."
            : preferences.PausedUntil is { } until && until > today ? $"Paused: your check-ins start again on {DateText(until)}."
            : "On: you get your team's check-in at the end of each shift.",
        preferences.Stopped || (preferences.PausedUntil is { } u && u > today),
        CheckinKeys.Date(today.AddDays(7)),
        preferences.QuietFrom?.ToString("HH:mm", CultureInfo.InvariantCulture),
        preferences.QuietTo?.ToString("HH:mm", CultureInfo.InvariantCulture),
        managed.Count > 0,
        [.. managed.Select(t => new Choice(CardText.Clip(t.Name, 80) ?? t.Id, t.Id))],
        managed.Count > 0 ? managed[0].Id : null));

    public JsonObject Settings(TeamSetup team, TeamCheckinSettings settings, string? notice) => templates.Bind(CheckinNames.SettingsTemplate, new SettingsData(
        notice,
        CardText.Clip(team.Name, 80) ?? "",
        team.Id,
        team.TimeZone,
        team.ShiftEnd.ToString("HH:mm", CultureInfo.InvariantCulture),
        settings.Enabled ? "true" : "false",
        string.Join(",", settings.Days.Select(d => ((int)d).ToString(CultureInfo.InvariantCulture))),
        [.. Enumerable.Range(1, 7).Select(i => (DayOfWeek)(i % 7)).Select(d => new Choice(d.ToString(), ((int)d).ToString(CultureInfo.InvariantCulture)))],
        ((int)settings.ReminderDelay.TotalMinutes).ToString(CultureInfo.InvariantCulture),
        Delays));

    public static string DateText(DateOnly date) => date.ToString("dddd d MMMM", CultureInfo.InvariantCulture);
}

/// <summary>A button that starts another flow.</summary>
internal sealed record FlowButton([property: JsonPropertyName("title")] string Title, [property: JsonPropertyName("verb")] string Verb);

/// <summary>A choice of a choice set.</summary>
internal sealed record Choice([property: JsonPropertyName("title")] string Title, [property: JsonPropertyName("value")] string Value);

/// <summary>One question (input id, label, current answer).</summary>
internal sealed record QuestionData(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("value")] string Value,
    [property: JsonPropertyName("number")] double? Number)
{
    /// <summary>A measure's lowest and highest allowed value (null for a 1–5 question).</summary>
    [JsonPropertyName("min")]
    public double? Min { get; init; }

    [JsonPropertyName("max")]
    public double? Max { get; init; }
}

/// <summary>A title and value.</summary>
internal sealed record Fact([property: JsonPropertyName("title")] string Title, [property: JsonPropertyName("value")] string Value);

/// <summary>Data for <c>cards/checkins/prompt.json</c>.</summary>
internal sealed record PromptData(
    [property: JsonPropertyName("teamName")] string TeamName,
    [property: JsonPropertyName("dateText")] string DateText,
    [property: JsonPropertyName("reminder")] bool Reminder,
    [property: JsonPropertyName("notice")] string? Notice,
    [property: JsonPropertyName("teamId")] string TeamId,
    [property: JsonPropertyName("date")] string Date,
    [property: JsonPropertyName("questions")] IReadOnlyList<QuestionData> Questions,
    [property: JsonPropertyName("measures")] IReadOnlyList<QuestionData> Measures,
    [property: JsonPropertyName("pauseUntil")] string PauseUntil,
    [property: JsonPropertyName("scale")] IReadOnlyList<Choice> Scale,
    [property: JsonPropertyName("flows")] IReadOnlyList<FlowButton> Flows);

/// <summary>Data for <c>cards/checkins/thanks.json</c>.</summary>
internal sealed record ThanksData(
    [property: JsonPropertyName("teamName")] string TeamName,
    [property: JsonPropertyName("dateText")] string DateText,
    [property: JsonPropertyName("teamId")] string TeamId,
    [property: JsonPropertyName("date")] string Date,
    [property: JsonPropertyName("answers")] IReadOnlyList<Fact> Answers,
    [property: JsonPropertyName("flows")] IReadOnlyList<FlowButton> Flows);

/// <summary>Data for <c>cards/checkins/preferences.json</c>.</summary>
internal sealed record PreferencesData(
    [property: JsonPropertyName("notice")] string? Notice,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("canResume")] bool CanResume,
    [property: JsonPropertyName("pauseUntil")] string PauseUntil,
    [property: JsonPropertyName("quietFrom")] string? QuietFrom,
    [property: JsonPropertyName("quietTo")] string? QuietTo,
    [property: JsonPropertyName("managesTeams")] bool ManagesTeams,
    [property: JsonPropertyName("teams")] IReadOnlyList<Choice> Teams,
    [property: JsonPropertyName("teamId")] string? TeamId);

/// <summary>Data for <c>cards/checkins/settings.json</c>.</summary>
internal sealed record SettingsData(
    [property: JsonPropertyName("notice")] string? Notice,
    [property: JsonPropertyName("teamName")] string TeamName,
    [property: JsonPropertyName("teamId")] string TeamId,
    [property: JsonPropertyName("timeZone")] string TimeZone,
    [property: JsonPropertyName("shiftEnd")] string ShiftEnd,
    [property: JsonPropertyName("enabled")] string Enabled,
    [property: JsonPropertyName("days")] string Days,
    [property: JsonPropertyName("dayChoices")] IReadOnlyList<Choice> DayChoices,
    [property: JsonPropertyName("reminder")] string Reminder,
    [property: JsonPropertyName("delays")] IReadOnlyList<Choice> Delays);
