using System.Globalization;
using CxBot.Cards;
using CxBot.Features.People;
using CxBot.Protocol;

namespace CxBot.Features.Setup;

/// <summary>A line shown at the top of a card after an action: what was done (green) or why not (red).</summary>
internal sealed record Notice(string Text, bool Good)
{
    public string Color => Good ? "Good" : "Attention";
}

/// <summary>Builds the setup cards' data from a tenant's setup; all user text is passed as data and clipped.</summary>
internal static class SetupViews
{
    private const int MaxLine = 300;

    /// <summary>The most names one line lists before "and N more".</summary>
    private const int MaxNamesInLine = 5;

    /// <summary>A person's name on a card (a display name can be long).</summary>
    private const int MaxName = 80;

    /// <summary>The home card; <paramref name="names"/> names the admins and every team's managers.</summary>
    public static HomeData Home(TenantSetup setup, DateOnly today, NameBook names, Notice? notice)
    {
        var org = setup.Organisation;
        var touchpoints = setup.Journey.Select(t => new TouchpointView(
            t.Name,
            t.Owner,
            [.. setup.Standards.Where(s => s.TouchpointId == t.Id).Select(s => new StandardLine(CardText.Clip(Describe(s, today), MaxLine)!, !s.IsActiveOn(today)))])).ToList();
        return new HomeData(
            notice?.Text,
            notice?.Color,
            new OrganisationSummary(org?.Name ?? OrganisationChanges.DefaultName, org?.TimeZone ?? "UTC", org?.Currency ?? OrganisationChanges.DefaultCurrency, Admins(org, names)),
            setup.Journey.Count > 0,
            today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            [.. StarterJourneys.All.Select(j => new Choice(j.Title, j.Id))],
            touchpoints,
            ActiveStandards(setup, today),
            [.. setup.Teams.Select(t => new TeamSummary(t.Name, t.TimeZone, Time(t.ShiftEnd), ManagedBy(t, names)))]);
    }

    /// <summary>
    /// The organisation card: admins by name; as people to make admin where the client cannot search, the managers of the
    /// set-up teams (the likeliest admins) by name.
    /// </summary>
    /// <param name="sent">After a refused save: the values sent, shown instead of the stored ones, with <paramref name="problems"/>.</param>
    public static OrganisationData Organisation(TenantSetup setup, NameBook names, Notice? notice, OrganisationInput? sent = null, IReadOnlyList<string>? problems = null)
    {
        var org = setup.Organisation;
        var admins = org?.Admins ?? [];
        var managers = setup.Teams.SelectMany(t => t.Members.Where(m => m.Role == TeamRole.Manager))
            .Where(m => !admins.Contains(m.UserId, StringComparer.OrdinalIgnoreCase))
            .Select(m => Person(names, m.UserId, m.Name))
            .DistinctBy(c => c.Value, StringComparer.OrdinalIgnoreCase)
            .OrderBy(c => c.Title, StringComparer.CurrentCultureIgnoreCase)
            .Take(SetupPeople.MaxChoices);
        var zone = org?.TimeZone ?? "UTC";
        var currency = org?.Currency ?? OrganisationChanges.DefaultCurrency;
        return new OrganisationData(
            notice?.Text,
            notice?.Color,
            sent is null ? org?.Name ?? OrganisationChanges.DefaultName : CardText.Clip(sent.Name, SetupRules.MaxName * 2) ?? "",
            sent is null ? zone : SetupChoices.IsListedTimeZone(sent.TimeZone) || sent.TimeZone == zone ? sent.TimeZone! : "",
            sent is null ? currency : SetupChoices.IsListedCurrency(sent.Currency) || sent.Currency == currency ? sent.Currency! : "",
            SetupChoices.TimeZonesWith(zone),
            SetupChoices.CurrenciesWith(currency),
            [.. admins.Select(a => Person(names, a, null)).OrderBy(c => c.Title, StringComparer.CurrentCultureIgnoreCase)],
            [.. managers]) { Problems = Problems(problems) };
    }

    /// <param name="sent">After a refused save: what was sent (clipped to what the form allows), shown with <paramref name="problems"/>.</param>
    public static StandardFormData StandardForm(TenantSetup setup, Notice? notice, StandardFormInput? sent = null, IReadOnlyList<string>? problems = null) =>
        new(notice?.Text, notice?.Color, [.. setup.Journey.Select(t => new Choice(t.Name, t.Id))], [.. SetupRules.Owners.Select(o => new Choice(o, o))])
        {
            Sent = sent is null ? null : sent with
            {
                StandardName = CardText.Clip(sent.StandardName, SetupRules.MaxName),
                Metric = CardText.Clip(sent.Metric, 200),
                Unit = CardText.Clip(sent.Unit, 20),
                Question = CardText.Clip(sent.Question, 300),
                TouchpointName = CardText.Clip(sent.TouchpointName, SetupRules.MaxName),
                Description = CardText.Clip(sent.Description, SetupRules.MaxText),
                EditName = CardText.Clip(sent.EditName, SetupRules.MaxName),
                EditDescription = CardText.Clip(sent.EditDescription, SetupRules.MaxText),
            },
            Problems = Problems(problems),
            Target = double.TryParse(sent?.StandardTarget, NumberStyles.Float, CultureInfo.InvariantCulture, out var target) && double.IsFinite(target) ? target : null,
        };

    /// <summary>
    /// The team card; <paramref name="names"/> names its members, <paramref name="choices"/> are the people its managers are picked
    /// from. After a refused save, <paramref name="sent"/> holds the values sent (shown instead of the stored ones) with
    /// <paramref name="problems"/>.
    /// </summary>
    public static TeamData Team(TenantSetup setup, TeamSetup team, DateOnly today, NameBook names, IReadOnlyList<Choice> choices, Notice? notice, TeamInput? sent = null, IReadOnlyList<string>? problems = null)
    {
        var picks = choices.Select(c => c with { Title = CardText.Clip(c.Title, MaxName)! }).ToList();
        var standards = ActiveStandards(setup, today);
        return new(
            notice?.Text,
            notice?.Color,
            team.Id,
            team.Name,
            sent is null ? team.TimeZone : SetupChoices.IsListedTimeZone(sent.TimeZone) || sent.TimeZone == team.TimeZone ? sent.TimeZone! : "",
            SetupChoices.TimeZonesWith(team.TimeZone),
            sent is null ? Time(team.ShiftEnd) : sent.ShiftEnd is { } end && CardInput.IsTime(end) ? end : "",
            sent is null ? string.Join(',', team.Managers.Select(AadObjectIds.Normalise)) : string.Join(',', sent.Managers.Where(m => picks.Any(c => c.Value == m))),
            ManagerNames(team, names) is { Count: > 0 } managers ? NameList(managers) : "none yet",
            picks,
            sent is null ? string.Join(',', team.Standards) : string.Join(',', sent.Standards.Where(id => standards.Any(c => c.Value == id))),
            standards) { Problems = Problems(problems) };
    }

    /// <summary>"Tom Okafor", "Tom Okafor and Dee Driver", "A, B, C, D, E and 2 more".</summary>
    public static string NameList(IReadOnlyList<string> names)
    {
        var shown = names.Take(MaxNamesInLine).ToList();
        var more = names.Count - shown.Count;
        return more > 0 ? $"{string.Join(", ", shown)} and {more} more"
            : shown.Count <= 1 ? string.Concat(shown)
            : $"{string.Join(", ", shown[..^1])} and {shown[^1]}";
    }

    public static LeadershipData Leadership(TenantSetup setup, string channelId, string channelName, Notice? notice)
    {
        var current = setup.Leadership.FirstOrDefault(l => l.ChannelId == channelId);
        return new LeadershipData(notice?.Text, notice?.Color, channelName, current is null || current.AllTeams ? "true" : "false", string.Join(',', current?.Teams ?? []), [.. setup.Teams.Select(t => new Choice(t.Name, t.Id))]);
    }

    /// <summary>"Delivery slot kept: at least 95 %", "The customer felt listened to: average at least 4.5 / 5".</summary>
    public static string Describe(Standard s, DateOnly today)
    {
        var target = (s.TargetOn(today) ?? s.Versions[0].Target).ToString("0.##", CultureInfo.InvariantCulture);
        var text = s.Kind == StandardKind.Soft
            ? $"{s.Name}: average at least {target} / 5"
            : $"{s.Name}: {(s.Direction == Direction.LowerIsBetter ? "at most" : "at least")} {target} {s.Unit}{(s.HandRecorded ? " (recorded by hand)" : "")}";
        var next = s.Versions.FirstOrDefault(v => v.EffectiveFrom > today);
        if (next is not null)
        {
            text += $", {next.Target.ToString("0.##", CultureInfo.InvariantCulture)} from {next.EffectiveFrom:yyyy-MM-dd}";
        }

        return s.IsActiveOn(today) ? text : text + " (retired)";
    }

    private static string Admins(Organisation? org, NameBook names) => org is { Admins.Count: > 0 }
        ? NameList([.. org.Admins.Select(a => Person(names, a, null).Title).Order(StringComparer.CurrentCultureIgnoreCase)])
        : "only those in CxBot's configuration";

    private static string ManagedBy(TeamSetup team, NameBook names) =>
        ManagerNames(team, names) is { Count: > 0 } managers ? "managed by " + NameList(managers) : "no manager yet";

    private static List<string> ManagerNames(TeamSetup team, NameBook names) =>
        [.. team.Members.Where(m => m.Role == TeamRole.Manager).Select(m => Person(names, m.UserId, m.Name).Title).Order(StringComparer.CurrentCultureIgnoreCase)];

    private static Choice Person(NameBook names, string userId, string? stored) =>
        new(CardText.Clip(SetupPeople.NameOf(names, userId, stored), MaxName)!, AadObjectIds.Normalise(userId));

    private static IReadOnlyList<Problem> Problems(IReadOnlyList<string>? problems) => [.. (problems ?? []).Select(p => new Problem(CardText.Clip(p, MaxLine)!))];

    private static List<Choice> ActiveStandards(TenantSetup setup, DateOnly today) =>
        [.. setup.Standards.Where(s => s.IsActiveOn(today)).Select(s => new Choice(s.Name, s.Id))];

    private static string Time(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}
