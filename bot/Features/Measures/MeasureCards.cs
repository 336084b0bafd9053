using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CxBot.Cards;
using CxBot.Features.Setup;

namespace CxBot.Features.Measures;

/// <summary>The team and week a form is for, with what the caller may pick instead.</summary>
internal sealed record MeasureView(TenantSetup Setup, TeamSetup Team, DateOnly Monday, DateOnly Today, IReadOnlyList<TeamSetup> Managed);

/// <summary>Builds the weekly figures cards (see <c>cards/measures/</c>): the form and the confirmation that replaces it.</summary>
internal sealed class MeasureCards(CardTemplates templates)
{
    /// <param name="recorded">The week's figures as stored (drawn in the form and carried as what the card showed).</param>
    /// <param name="sent">After a refused save: what was typed, shown again (for <paramref name="keepSent"/> standards only, when set).</param>
    public JsonObject Form(MeasureView view, IReadOnlyDictionary<string, RecordedMeasure> recorded, string? notice = null,
        IReadOnlyList<string>? problems = null, MeasureInput? sent = null, Func<string, bool>? keepSent = null)
    {
        var (setup, team, monday, today, managed) = view;
        var zone = team.TimeZone;
        var standards = MeasureStandards.For(setup, team, monday);
        var measures = standards.Select(s =>
        {
            recorded.TryGetValue(s.Id, out var now);
            var typed = sent is not null && (keepSent?.Invoke(s.Id) ?? true) ? sent.Shown(s.Id) : null;
            return new MeasureItem(
                MeasureNames.ValuePrefix + s.Id,
                CardText.Clip(Label(s), 200) ?? s.Id,
                CardText.Clip($"{Target(s, monday)} {Recorded(now, s, team, zone)}", 300) ?? "",
                typed ?? (now is null ? null : (double)now.Value),
                s.Range.Min,
                s.Range.Max,
                now is null ? null : MeasureNames.ClearPrefix + s.Id,
                now is null ? null : $"Clear the recorded {MeasureStandards.WithUnit(now.Value, s.Unit)}");
        }).ToList();
        return templates.Bind(MeasureNames.FormTemplate, new FormData(
            [.. (problems ?? []).Select(p => new ProblemItem(CardText.Clip(p, 300) ?? p))],
            notice is null ? null : CardText.Clip(notice, 600),
            Name(team),
            MeasureWeek.Text(monday),
            $"{Name(team)} has no figures to record by hand for {MeasureWeek.InSentence(monday)}: its hard standards are either asked in daily check-ins, or it has none in force. An admin can add a hard standard, or say how one is measured, in **setup**.",
            team.Id,
            MeasureWeek.Key(monday),
            MeasureInput.WriteSeen(recorded),
            measures,
            managed.Count > 1 ? "Another team or week" : "Another week",
            [.. managed.Select(t => new ChoiceItem(Name(t), t.Id))],
            [.. MeasureWeek.Allowed(today).Select(w => new ChoiceItem(MeasureWeek.Choice(w, today), MeasureWeek.Key(w)))]));
    }

    public JsonObject Recorded(TeamSetup team, DateOnly monday, string sentence) =>
        templates.Bind(MeasureNames.RecordedTemplate, new RecordedData(sentence, team.Id, MeasureWeek.Key(monday)));

    /// <summary>
    /// "Recorded for Harbourside Store, week 49 (30 Nov – 6 Dec): Delivery slot kept 96 %, Installed right first time 88.5 %",
    /// with "Cleared: …" for figures removed.
    /// </summary>
    public static string Sentence(TenantSetup setup, TeamSetup team, DateOnly monday, IReadOnlyList<MeasureChange> changes)
    {
        string NameOf(string id) => setup.FindStandard(id)?.Name ?? id;
        var set = changes.Where(c => c.Value is not null).Select(c => $"{NameOf(c.StandardId)} {MeasureStandards.WithUnit(c.Value!.Value, setup.FindStandard(c.StandardId)?.Unit)}").ToList();
        var cleared = changes.Where(c => c.Value is null).Select(c => NameOf(c.StandardId)).ToList();
        var where = $"{Name(team)}, {MeasureWeek.InSentence(monday)}";
        return (set.Count, cleared.Count) switch
        {
            (> 0, 0) => $"Recorded for {where}: {string.Join(", ", set)}",
            (0, _) => $"Cleared for {where}: {string.Join(", ", cleared)}",
            _ => $"Recorded for {where}: {string.Join(", ", set)}. Cleared: {string.Join(", ", cleared)}",
        };
    }

    /// <summary>"Delivery slot kept, in % (0 to 100)".</summary>
    public static string Label(Standard s)
    {
        var range = s.Range.InWords["from ".Length..];
        return s.Unit is { Length: > 0 } unit ? $"{s.Name}, in {unit} ({range})" : $"{s.Name} ({range})";
    }

    private static string Target(Standard s, DateOnly monday) => (s.TargetOn(monday.AddDays(6)), s.Direction) switch
    {
        (null, _) => "No target yet.",
        ({ } t, Direction.LowerIsBetter) => $"Target: at most {MeasureStandards.WithUnit((decimal)t, s.Unit)}.",
        ({ } t, _) => $"Target: at least {MeasureStandards.WithUnit((decimal)t, s.Unit)}.",
    };

    private static string Recorded(RecordedMeasure? now, Standard s, TeamSetup team, string zone)
    {
        if (now is null)
        {
            return "Not recorded yet.";
        }

        var who = now.RecordedByName is { Length: > 0 } name ? name
            : team.Members.FirstOrDefault(m => string.Equals(m.UserId, now.RecordedById, StringComparison.OrdinalIgnoreCase))?.Name ?? "a manager of the team";
        var day = MeasureWeek.LocalDate(zone, now.RecordedAt).ToString("dddd d MMMM", CultureInfo.InvariantCulture);
        return $"Recorded: {MeasureStandards.WithUnit(now.Value, s.Unit)} by {CardText.Clip(who, 80)} on {day}.";
    }

    private static string Name(TeamSetup team) => CardText.Clip(team.Name, 80) ?? team.Id;
}

/// <summary>Data for <c>cards/measures/form.json</c>.</summary>
internal sealed record FormData(
    [property: JsonPropertyName("problems")] IReadOnlyList<ProblemItem> Problems,
    [property: JsonPropertyName("notice")] string? Notice,
    [property: JsonPropertyName("teamName")] string TeamName,
    [property: JsonPropertyName("weekText")] string WeekText,
    [property: JsonPropertyName("nothingToRecord")] string NothingToRecord,
    [property: JsonPropertyName("teamId")] string TeamId,
    [property: JsonPropertyName("week")] string Week,
    [property: JsonPropertyName("seen")] string Seen,
    [property: JsonPropertyName("measures")] IReadOnlyList<MeasureItem> Measures,
    [property: JsonPropertyName("pickTitle")] string PickTitle,
    [property: JsonPropertyName("teams")] IReadOnlyList<ChoiceItem> Teams,
    [property: JsonPropertyName("weeks")] IReadOnlyList<ChoiceItem> Weeks);

/// <summary>One figure's input: its id, label (name, unit, range), target and what is recorded, and the Clear toggle when there is a figure.</summary>
internal sealed record MeasureItem(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("detail")] string Detail,
    [property: JsonPropertyName("number")] double? Number,
    [property: JsonPropertyName("min")] double Min,
    [property: JsonPropertyName("max")] double Max,
    [property: JsonPropertyName("clearId")] string? ClearId,
    [property: JsonPropertyName("clearTitle")] string? ClearTitle);

/// <summary>A problem line.</summary>
internal sealed record ProblemItem([property: JsonPropertyName("text")] string Text);

/// <summary>A choice of a picker.</summary>
internal sealed record ChoiceItem([property: JsonPropertyName("title")] string Title, [property: JsonPropertyName("value")] string Value);

/// <summary>Data for <c>cards/measures/recorded.json</c>.</summary>
internal sealed record RecordedData(
    [property: JsonPropertyName("sentence")] string Sentence,
    [property: JsonPropertyName("teamId")] string TeamId,
    [property: JsonPropertyName("week")] string Week);
