using System.Globalization;
using CxBot.Cards;

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

    public static HomeData Home(TenantSetup setup, DateOnly today, Notice? notice)
    {
        var org = setup.Organisation;
        var touchpoints = setup.Journey.Select(t => new TouchpointView(
            t.Name,
            t.Owner,
            [.. setup.Standards.Where(s => s.TouchpointId == t.Id).Select(s => new StandardLine(CardText.Clip(Describe(s, today), MaxLine)!, !s.IsActiveOn(today)))])).ToList();
        return new HomeData(
            notice?.Text,
            notice?.Color,
            new OrganisationSummary(org?.Name ?? OrganisationChanges.DefaultName, org?.TimeZone ?? "UTC", org?.Currency ?? OrganisationChanges.DefaultCurrency, (org?.Admins.Count ?? 0).ToString(CultureInfo.InvariantCulture)),
            setup.Journey.Count > 0,
            today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            [.. StarterJourneys.All.Select(j => new Choice(j.Title, j.Id))],
            touchpoints,
            ActiveStandards(setup, today),
            [.. setup.Teams.Select(t => new TeamSummary(t.Name, t.TimeZone, Time(t.ShiftEnd), t.Managers.Count()))]);
    }

    public static OrganisationData Organisation(TenantSetup setup, Notice? notice)
    {
        var org = setup.Organisation;
        return new OrganisationData(notice?.Text, notice?.Color, org?.Name ?? OrganisationChanges.DefaultName, org?.TimeZone ?? "UTC", org?.Currency ?? OrganisationChanges.DefaultCurrency, [.. (org?.Admins ?? []).Select(a => new Choice(a, a))]);
    }

    public static StandardFormData StandardForm(TenantSetup setup, Notice? notice) =>
        new(notice?.Text, notice?.Color, [.. setup.Journey.Select(t => new Choice(t.Name, t.Id))], [.. SetupRules.Owners.Select(o => new Choice(o, o))]);

    public static TeamData Team(TenantSetup setup, TeamSetup team, DateOnly today, Notice? notice) => new(
        notice?.Text,
        notice?.Color,
        team.Id,
        team.Name,
        team.TimeZone,
        Time(team.ShiftEnd),
        string.Join(',', team.Managers),
        [.. team.Members.Select(m => new Choice(m.Name ?? m.UserId, m.UserId))],
        string.Join(',', team.Standards),
        ActiveStandards(setup, today));

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

    private static List<Choice> ActiveStandards(TenantSetup setup, DateOnly today) =>
        [.. setup.Standards.Where(s => s.IsActiveOn(today)).Select(s => new Choice(s.Name, s.Id))];

    private static string Time(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);
}
