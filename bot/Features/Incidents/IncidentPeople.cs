using CxBot.Features.People;
using CxBot.Features.Setup;
using CxBot.Protocol;

namespace CxBot.Features.Incidents;

/// <summary>The people an incident card shows, by name, and who an incident can be assigned to (through <see cref="IPeopleNames"/>).</summary>
internal sealed class IncidentPeople(IPeopleNames names)
{
    /// <summary>The most people the assign list offers (Teams' choice sets grow slow past that; the list is sorted by name).</summary>
    public const int MaxChoices = PickLists.MaxChoices;

    /// <summary>The names of everyone the card can mention: reporter, owner, approvers, the people in its history, and who it went to.</summary>
    public Task<NameBook> NamesAsync(Incident incident, IReadOnlyList<HistoryEntry> history, CancellationToken cancellationToken) =>
        names.GetNamesAsync(
            incident.TenantId,
            [incident.ReporterId, .. incident.OwnerId is { } owner ? [owner] : Array.Empty<string>(), .. incident.Approvers, .. incident.Cards.Select(c => c.UserId),
                .. history.Select(h => h.UserId), .. history.Where(h => h.Action == "assign").Select(h => h.Text).OfType<string>()],
            cancellationToken);

    /// <summary>Who an incident of <paramref name="team"/> can be assigned to: the members setup lists and its Teams team's roster, by name.</summary>
    public async Task<IReadOnlyList<Choice>> AssignableAsync(string tenantId, TeamSetup? team, CancellationToken cancellationToken)
    {
        if (team is null)
        {
            return [];
        }

        var roster = team.TeamsTeamId is { } teamsId ? await names.GetTeamMembersAsync(tenantId, teamsId, PickLists.MaxRead, cancellationToken) : [];
        var listed = await names.GetNamesAsync(tenantId, team.Members.Select(m => m.UserId).Concat(roster.Where(p => p.Name is null).Select(p => p.AadObjectId)), cancellationToken);
        var choices = roster.Select(p => new Choice(p.Name ?? listed.Of(p.AadObjectId), p.AadObjectId))
            .Concat(team.Members.Select(m => new Choice(listed.Knows(m.UserId) ? listed.Of(m.UserId) : m.Name ?? NameBook.NotKnownYet, AadObjectIds.Normalise(m.UserId))))
            .DistinctBy(c => c.Value, StringComparer.OrdinalIgnoreCase)
            .OrderBy(c => c.Title, StringComparer.CurrentCultureIgnoreCase);
        return [.. choices.Take(MaxChoices)];
    }

    /// <summary>True when <paramref name="assigneeId"/> is a member of <paramref name="team"/> (setup or roster).</summary>
    public async Task<bool> CanBeAssignedAsync(string tenantId, TeamSetup team, string assigneeId, CancellationToken cancellationToken)
    {
        if (team.Members.Any(m => string.Equals(m.UserId, assigneeId, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        return team.TeamsTeamId is { } teamsId && await names.IsTeamMemberAsync(tenantId, teamsId, assigneeId, cancellationToken);
    }
}
