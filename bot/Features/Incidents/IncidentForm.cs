using System.Globalization;
using System.Text.Json;
using CxBot.Features.Setup;

namespace CxBot.Features.Incidents;

/// <summary>The log card's inputs as typed, kept so a refused card comes back with what the reporter entered.</summary>
internal sealed record LogInputs(
    string? TeamId,
    string? What,
    string? Date,
    string? Time,
    string? TouchpointId,
    string? StandardId,
    string? Severity,
    string? RootCause,
    bool Recovered,
    string? Gesture,
    string? Cost);

/// <summary>The field-by-field problems of a submission; empty when it can be stored.</summary>
internal sealed record LogErrors(string? Team, string? What, string? When, string? Touchpoint, string? Standard, string? Severity, string? RootCause, string? Gesture, string? Cost)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Any => new[] { Team, What, When, Touchpoint, Standard, Severity, RootCause, Gesture, Cost }.Any(e => e is not null);
}

/// <summary>Repeats every rule of the log card on the server: never trust card data.</summary>
internal static class IncidentForm
{
    public const int MaxWhat = 1000;
    public const int MaxGesture = 300;
    public const decimal MaxCost = 10_000_000m;
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(90);
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(10);

    public const string InTheFuture = "That is in the future.";
    public const string TooOld = "Log incidents within 90 days.";

    public static LogInputs Read(JsonElement? data) => new(
        Raw(data, "teamId", 300),
        Raw(data, "what", 5000, multiLine: true),
        Raw(data, "date", 40),
        Raw(data, "time", 40),
        Raw(data, "touchpointId", 100),
        Raw(data, "standardId", 100),
        Raw(data, "severity", 40),
        Raw(data, "rootCause", 40),
        CardInput.Flag(data, "recovered"),
        Raw(data, "gesture", 5000),
        Raw(data, "cost", 60));

    /// <summary>
    /// The set-up teams a person can log for: those setup lists them in, and those whose Teams team they are in (<paramref name="placedIn"/>,
    /// the people directory's answer, which reads the rosters), so people who were in the team before CxBot joined it can log too.
    /// </summary>
    public static IReadOnlyList<TeamSetup> TeamsOf(TenantSetup setup, string userId, IReadOnlyCollection<string> placedIn) =>
        [.. setup.Teams.Where(t => placedIn.Contains(t.Id) || t.Members.Any(m => string.Equals(m.UserId, userId, StringComparison.OrdinalIgnoreCase)))];

    /// <param name="teams">The reporter's teams (<see cref="TeamsOf"/>).</param>
    public static (IncidentDraft? Draft, LogErrors Errors) Validate(LogInputs input, TenantSetup setup, IReadOnlyList<TeamSetup> teams, DateTimeOffset now)
    {
        var team = teams.FirstOrDefault(t => t.Id == input.TeamId);
        var teamError = team is null ? "Pick one of your teams." : null;
        var whatError = input.What is null ? "Say what happened." : input.What.Length > MaxWhat ? $"Keep it under {MaxWhat} characters." : null;

        DateTimeOffset? occurred = null;
        string? whenError = null;
        if (!DateOnly.TryParseExact(input.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            || !TimeOnly.TryParseExact(input.Time, ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            whenError = "Give the date and time it happened.";
        }
        else if (Math.Abs(date.DayNumber - DateOnly.FromDateTime(now.UtcDateTime).DayNumber) > MaxAge.Days + 1)
        {
            // Days that cannot pass the rules below are refused before any time zone arithmetic: at the calendar's ends it overflows.
            whenError = date > DateOnly.FromDateTime(now.UtcDateTime) ? InTheFuture : TooOld;
        }
        else
        {
            var zone = TimeZoneOf(team);
            var local = date.ToDateTime(time, DateTimeKind.Unspecified);
            occurred = new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
            whenError = occurred > now + ClockSkew ? InTheFuture : occurred < now - MaxAge ? TooOld : null;
        }

        var touchpoint = input.TouchpointId is null ? null : setup.Journey.FirstOrDefault(t => t.Id == input.TouchpointId);
        var touchpointError = input.TouchpointId is not null && touchpoint is null ? "Pick a touchpoint from the list." : null;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var standard = input.StandardId is null ? null : StandardsFor(setup, team, today).FirstOrDefault(s => s.Id == input.StandardId);
        var standardError = input.StandardId is not null && standard is null ? "Pick a standard from the list."
            : standard is not null && touchpoint is not null && standard.TouchpointId != touchpoint.Id ? "That standard belongs to another touchpoint." : null;

        var severity = IncidentLabels.Severities.Where(s => s.Key == input.Severity).Select(s => (Severity?)s.Value).FirstOrDefault();
        var severityError = severity is null ? "Pick how badly the customer was affected." : null;
        var cause = IncidentLabels.RootCauses.Where(c => c.Key == input.RootCause).Select(c => (RootCause?)c.Value).FirstOrDefault();
        var causeError = cause is null ? "Pick the most likely root cause." : null;
        var gestureError = input.Gesture is { Length: > MaxGesture } ? $"Keep it under {MaxGesture} characters."
            : input.Recovered && input.Gesture is null ? "Say how the customer was recovered." : null;

        decimal? cost = null;
        string? costError = null;
        if (input.Cost is not null)
        {
            cost = decimal.TryParse(input.Cost, NumberStyles.Number, CultureInfo.InvariantCulture, out var c) ? decimal.Round(c, 2) : null;
            costError = cost is not { } v ? "Give the cost as a number." : v < 0 || v > MaxCost ? "Give a cost between 0 and 10,000,000." : null;
        }

        var errors = new LogErrors(teamError, whatError, whenError, touchpointError, standardError, severityError, causeError, gestureError, costError);
        if (errors.Any)
        {
            return (null, errors);
        }

        var draft = new IncidentDraft(team!.Id, input.What!, occurred!.Value, touchpoint?.Id ?? standard?.TouchpointId, standard?.Id, severity!.Value, cause!.Value, input.Recovered, input.Recovered ? input.Gesture : null, cost);
        return (draft, errors);
    }

    /// <summary>The standards that apply to the team today (all active ones when the team has not chosen).</summary>
    public static IEnumerable<Standard> StandardsFor(TenantSetup setup, TeamSetup? team, DateOnly today) =>
        setup.Standards.Where(s => s.IsActiveOn(today) && (team is null || team.Standards.Count == 0 || team.Standards.Contains(s.Id)));

    public static TimeZoneInfo TimeZoneOf(TeamSetup? team) =>
        team is not null && TimeZoneInfo.TryFindSystemTimeZoneById(team.TimeZone, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>The input as typed (over <paramref name="max"/> characters counts as missing); length rules are checked after.</summary>
    private static string? Raw(JsonElement? data, string name, int max, bool multiLine = false) => CardInput.Text(data, name, max, multiLine);
}
