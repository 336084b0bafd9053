namespace CxBot.Features.Setup;

/// <summary>What a manager sets on the team card, already parsed; the managers are people already found in the tenant.</summary>
internal sealed record TeamDraft(string TimeZone, TimeOnly ShiftEnd, IReadOnlyList<PickedPerson> Managers, IReadOnlyList<string> Standards);

/// <summary>What the team card sent, as sent: shown again with every problem when the save is refused.</summary>
internal sealed record TeamInput(string? TimeZone, string? ShiftEnd, IReadOnlyList<string> Managers, IReadOnlyList<string> Standards);

/// <summary>Changes to teams (managers or admins) and leadership channels (admins).</summary>
internal static class TeamChanges
{
    public static readonly TimeOnly DefaultShiftEnd = new(18, 0);

    public const string NotSetUp = "That team is not set up.";
    public const string NoManager = "A team needs at least one manager.";

    /// <summary>On a team install: the team is added with the installer as its first manager (adding an app to a team needs team rights).</summary>
    public static Change EnsureTeam(TenantSetup setup, Caller caller, string teamsTeamId, string name)
    {
        if (setup.FindTeam(teamsTeamId) is not null)
        {
            return Change.Nothing("The team is already set up.");
        }

        var team = new TeamSetup(teamsTeamId, name.Trim() is { Length: > 0 } n ? n : "Team", teamsTeamId, setup.Organisation?.TimeZone ?? "UTC", DefaultShiftEnd, [new TeamMember(caller.UserId, caller.Name, TeamRole.Manager)], []);
        return Change.Ok(setup with { Teams = [.. setup.Teams, team] }, $"Team \"{team.Name}\" added.");
    }

    public static Change Save(TenantSetup setup, Caller caller, SetupRoles roles, string teamId, TeamDraft draft)
    {
        if (setup.FindTeam(teamId) is not { } team)
        {
            return Change.Refused(NotSetUp);
        }

        if (!roles.CanManage(setup, team, caller))
        {
            return Change.Refused(Change.NotManager);
        }

        if (draft.Managers.Count == 0)
        {
            return Change.Refused(NoManager);
        }

        // Managers keep the name they were found by, so setup itself never holds a manager it cannot name.
        var managers = draft.Managers.ToDictionary(p => p.UserId, StringComparer.OrdinalIgnoreCase);
        var members = team.Members.Select(m => managers.TryGetValue(m.UserId, out var p)
            ? m with { Role = TeamRole.Manager, Name = p.Name ?? m.Name }
            : m with { Role = TeamRole.FrontLine }).ToList();
        members.AddRange(draft.Managers.Where(p => !team.Members.Any(m => m.UserId.Equals(p.UserId, StringComparison.OrdinalIgnoreCase))).Select(p => new TeamMember(p.UserId, p.Name, TeamRole.Manager)));
        var updated = team with { TimeZone = draft.TimeZone.Trim(), ShiftEnd = draft.ShiftEnd, Members = members, Standards = [.. draft.Standards.Distinct(StringComparer.Ordinal)] };
        return Change.Ok(setup with { Teams = [.. setup.Teams.Select(t => t.Id == teamId ? updated : t)] }, $"Team \"{team.Name}\" saved.");
    }

    /// <summary>
    /// Everything wrong with the team card's values, each a sentence (the managers are looked up afterwards, by the caller): the
    /// time zone from its list (or the team's own), a shift end, one to <see cref="SetupPeople.MaxPicked"/> managers, listed standards.
    /// </summary>
    public static List<string> Problems(TenantSetup setup, TeamSetup team, TeamInput sent)
    {
        var problems = new List<string>();
        if (!SetupChoices.IsListedTimeZone(sent.TimeZone) && sent.TimeZone != team.TimeZone)
        {
            problems.Add(SetupChoices.PickTimeZone);
        }

        if (sent.ShiftEnd is null || !CardInput.IsTime(sent.ShiftEnd))
        {
            problems.Add("Give the time the shift ends, such as 18:00.");
        }

        if (sent.Managers.Count == 0)
        {
            problems.Add(NoManager);
        }
        else if (sent.Managers.Count > SetupPeople.MaxPicked)
        {
            problems.Add($"Pick at most {SetupPeople.MaxPicked} managers.");
        }

        if (sent.Standards.Any(id => setup.FindStandard(id) is null))
        {
            problems.Add("Pick the standards from the list.");
        }

        return problems;
    }

    /// <summary>The text of a member sync that left joiners to the Teams roster (the route logs it).</summary>
    public const string JoinersLeftToRoster = "Team members updated; some joiners are known from the Teams roster only.";

    /// <summary>
    /// Teams said people joined or left the team: joiners are front-line until a manager says otherwise. Setup keeps at most
    /// <see cref="SetupRules.MaxMembers"/> members in its row; joiners past that are not copied here, as the features read a
    /// Teams team's members from its roster (any size Teams allows), and leavers are still removed.
    /// </summary>
    public static Change SyncMembers(TenantSetup setup, string teamsTeamId, IReadOnlyList<TeamMember> joined, IReadOnlyList<string> left)
    {
        if (setup.FindTeam(teamsTeamId) is not { } team)
        {
            return Change.Nothing("The team is not set up.");
        }

        var gone = left.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var members = team.Members.Where(m => !gone.Contains(m.UserId)).ToList();
        var joiners = joined.Where(j => !members.Any(m => m.UserId.Equals(j.UserId, StringComparison.OrdinalIgnoreCase))).DistinctBy(j => j.UserId).ToList();
        var room = Math.Max(0, SetupRules.MaxMembers - members.Count);
        members.AddRange(joiners.Take(room));
        var updated = team with { Members = members };
        return Change.Ok(setup with { Teams = [.. setup.Teams.Select(t => t.Id == team.Id ? updated : t)] }, joiners.Count > room ? JoinersLeftToRoster : "Team members updated.");
    }

    /// <summary>Subscribes the channel (or changes what it gets); <paramref name="now"/> is kept as when it first subscribed.</summary>
    public static Change SaveLeadership(TenantSetup setup, Caller caller, SetupRoles roles, string channelId, string name, bool allTeams, IReadOnlyList<string> teams, DateTimeOffset now)
    {
        if (!roles.IsAdmin(setup, caller))
        {
            return Change.Refused(Change.NotAdmin);
        }

        var earlier = setup.Leadership.FirstOrDefault(l => l.ChannelId == channelId);
        var channel = new LeadershipChannel(channelId, name, allTeams, allTeams ? [] : [.. teams.Distinct(StringComparer.Ordinal)]) { Since = earlier is null ? now : earlier.Since };
        var what = allTeams ? "Scorecards of every team" : channel.Teams.Count == 1 ? "The scorecard of 1 team" : $"Scorecards of {channel.Teams.Count} teams";
        var first = earlier is null ? " This week's so far comes in a minute; then every Monday morning, the week before." : "";
        return Change.Ok(setup with { Leadership = [.. setup.Leadership.Where(l => l.ChannelId != channelId), channel] }, $"{what} will be posted here.{first}");
    }
}
