using System.Text.RegularExpressions;

namespace CxBot.Features.Setup;

/// <summary>Checks a whole setup: every change and every import must leave one that passes; each problem is a sentence for the user.</summary>
internal static partial class SetupRules
{
    public const int MaxName = 100;
    public const int MaxText = 500;
    public const int MaxMembers = 200;
    public const int MaxTouchpoints = 30;
    public const int MaxStandards = 60;
    public const int MaxTeams = 300;
    public static readonly string[] Owners = ["sales", "operations", "customer service", "finance", "marketing", "other"];

    public static IReadOnlyList<string> Validate(TenantSetup setup)
    {
        var errors = new List<string>();
        if (setup.Organisation is { } org)
        {
            Text(errors, "organisation name", org.Name, MaxName);
            TimeZone(errors, "organisation time zone", org.TimeZone);
            if (!CurrencyCode().IsMatch(org.Currency ?? ""))
            {
                errors.Add($"Currency \"{org.Currency}\" is not a three-letter code such as GBP or EUR.");
            }

            Unique(errors, "admin", org.Admins ?? []);
        }

        Check(errors, setup.Journey.Count <= MaxTouchpoints, $"A journey has at most {MaxTouchpoints} touchpoints.");
        Check(errors, setup.Standards.Count <= MaxStandards, $"There are at most {MaxStandards} standards.");
        Check(errors, setup.Teams.Count <= MaxTeams, $"There are at most {MaxTeams} teams.");
        Unique(errors, "touchpoint id", setup.Journey.Select(t => t.Id));
        foreach (var t in setup.Journey)
        {
            Id(errors, "touchpoint", t.Id);
            Text(errors, $"touchpoint \"{t.Id}\" name", t.Name, MaxName);
            Text(errors, $"touchpoint \"{t.Id}\" description", t.Description, MaxText, allowEmpty: true);
            Check(errors, Owners.Contains(t.Owner), $"Touchpoint \"{t.Id}\" owner must be one of: {string.Join(", ", Owners)}.");
        }

        Unique(errors, "standard id", setup.Standards.Select(s => s.Id));
        foreach (var s in setup.Standards)
        {
            StandardRules(errors, setup, s);
        }

        Unique(errors, "team id", setup.Teams.Select(t => t.Id));
        foreach (var team in setup.Teams)
        {
            TeamRules(errors, setup, team);
        }

        Unique(errors, "leadership channel", setup.Leadership.Select(l => l.ChannelId));
        foreach (var l in setup.Leadership)
        {
            Text(errors, "leadership channel id", l.ChannelId, MaxText);
            Text(errors, "leadership channel name", l.Name, MaxName);
            Check(errors, l.AllTeams ? l.Teams.Count == 0 : l.Teams.Count > 0, $"Leadership channel \"{l.Name}\" takes all teams or a chosen, non-empty set.");
            foreach (var id in l.Teams.Where(id => setup.FindTeam(id) is null))
            {
                errors.Add($"Leadership channel \"{l.Name}\" names team \"{id}\", which does not exist.");
            }
        }

        return errors;
    }

    /// <summary>How far ahead a new target may start: far enough to plan, near enough that a typo (2126, 9999) is caught.</summary>
    public const int MaxTargetYearsAhead = 3;

    /// <summary>The first day a target may start from (an imported history reaches back, but not to the calendar's start).</summary>
    public static readonly DateOnly FirstTargetDay = new(2000, 1, 1);

    /// <summary>The last day a target may start from, seen on <paramref name="today"/>.</summary>
    public static DateOnly LastTargetDay(DateOnly today) => today.AddYears(MaxTargetYearsAhead);

    /// <summary>
    /// The dates an import brings that no card could give: targets starting before <see cref="FirstTargetDay"/> or after
    /// <see cref="LastTargetDay"/>. Not part of <see cref="Validate"/>, which every change runs on the stored setup as well.
    /// </summary>
    public static IReadOnlyList<string> TargetDates(TenantSetup setup, DateOnly today) =>
    [
        .. setup.Standards.SelectMany(s => s.Versions.Where(v => v.EffectiveFrom < FirstTargetDay || v.EffectiveFrom > LastTargetDay(today))
            .Select(v => $"Standard \"{s.Id}\" has a target from {v.EffectiveFrom:yyyy-MM-dd}: targets start between {FirstTargetDay:yyyy-MM-dd} and {LastTargetDay(today):yyyy-MM-dd}.")),
    ];

    public static bool IsTimeZone(string? id) =>
        id is { Length: > 0 } && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _) && (id == "UTC" || TimeZoneInfo.TryConvertIanaIdToWindowsId(id, out _));

    public static bool IsId(string? id) => id is not null && IdPattern().IsMatch(id);

    private static void StandardRules(List<string> errors, TenantSetup setup, Standard s)
    {
        Id(errors, "standard", s.Id);
        Text(errors, $"standard \"{s.Id}\" name", s.Name, MaxName);
        Check(errors, setup.Journey.Any(t => t.Id == s.TouchpointId), $"Standard \"{s.Id}\" points at touchpoint \"{s.TouchpointId}\", which does not exist.");
        Check(errors, s.Versions.Count > 0, $"Standard \"{s.Id}\" has no target.");
        Check(errors, s.Versions.Select(v => v.EffectiveFrom).Distinct().Count() == s.Versions.Count, $"Standard \"{s.Id}\" has two targets from the same date.");
        if (s.Kind == StandardKind.Hard)
        {
            Text(errors, $"standard \"{s.Id}\" metric", s.Metric, MaxText);
            Text(errors, $"standard \"{s.Id}\" unit", s.Unit, 20);
            Check(errors, s.Direction is not null, $"Standard \"{s.Id}\" needs a direction (higherIsBetter or lowerIsBetter).");
            Check(errors, s.Question is null, $"Standard \"{s.Id}\" is hard: it has no feedback question.");
            Check(errors, s.StaffQuestion is null, $"Standard \"{s.Id}\" is hard: it has no staff question.");
            Check(errors, s.Versions.All(v => s.Range.Contains(v.Target)), $"Standard \"{s.Id}\" targets must be numbers {s.Range.InWords}.");
        }
        else
        {
            Text(errors, $"standard \"{s.Id}\" question", s.Question, MaxText);
            if (s.StaffQuestion is not null)
            {
                Text(errors, $"standard \"{s.Id}\" staff question", s.StaffQuestion, MaxText);
            }
            Check(errors, s.Metric is null && s.Unit is null && s.Direction is null && !s.HandRecorded, $"Standard \"{s.Id}\" is soft: it has a question, not a metric, unit, direction or hand recording.");
            Check(errors, s.Versions.All(v => v.Target is >= 1 and <= 5), $"Standard \"{s.Id}\" targets are averages on the 1–5 scale.");
        }
    }

    private static void TeamRules(List<string> errors, TenantSetup setup, TeamSetup team)
    {
        Text(errors, "team id", team.Id, MaxText);
        Text(errors, $"team \"{team.Id}\" name", team.Name, MaxName);
        TimeZone(errors, $"team \"{team.Name}\" time zone", team.TimeZone);
        Check(errors, team.Members.Count <= MaxMembers, $"Team \"{team.Name}\" has more than {MaxMembers} members.");
        Unique(errors, $"team \"{team.Name}\" member", team.Members.Select(m => m.UserId));
        foreach (var id in team.Standards.Where(id => setup.FindStandard(id) is null))
        {
            errors.Add($"Team \"{team.Name}\" applies standard \"{id}\", which does not exist.");
        }
    }

    private static void Text(List<string> errors, string what, string? value, int max, bool allowEmpty = false)
    {
        if (value is null || (!allowEmpty && string.IsNullOrWhiteSpace(value)))
        {
            errors.Add($"The {what} is missing.");
        }
        else if (value.Length > max)
        {
            errors.Add($"The {what} is longer than {max} characters.");
        }
    }

    private static void TimeZone(List<string> errors, string what, string? id) =>
        Check(errors, IsTimeZone(id), $"The {what} \"{id}\" is not an IANA time zone such as Europe/London.");

    private static void Id(List<string> errors, string what, string id) =>
        Check(errors, IsId(id), $"The {what} id \"{id}\" must be lower-case letters, digits and dashes.");

    private static void Unique(List<string> errors, string what, IEnumerable<string> values)
    {
        foreach (var dup in values.GroupBy(v => v, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add($"The {what} \"{dup.Key}\" appears twice.");
        }
    }

    private static void Check(List<string> errors, bool ok, string message)
    {
        if (!ok)
        {
            errors.Add(message);
        }
    }

    [GeneratedRegex("^[A-Z]{3}$", RegexOptions.CultureInvariant)]
    private static partial Regex CurrencyCode();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,59}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
