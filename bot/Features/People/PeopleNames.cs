using CxBot.Graph;
using Microsoft.Extensions.Options;

namespace CxBot.Features.People;

/// <summary>Names from the people record; Graph's profile (cached) for people not known yet when Graph is on; team members from rosters.</summary>
internal sealed class PeopleNames(PersonStore persons, RosterStore rosters, RosterSync sync, ProfileCache profiles, IOptions<GraphOptions> options) : IPeopleNames
{
    public async Task<NameBook> GetNamesAsync(string tenantId, IEnumerable<string> aadObjectIds, CancellationToken cancellationToken)
    {
        var ids = aadObjectIds.Where(id => !string.IsNullOrWhiteSpace(id)).Select(PeopleTables.PersonId).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return NameBook.Empty;
        }

        var known = new Dictionary<string, PersonFacts>(await persons.GetAsync(tenantId, ids, cancellationToken), StringComparer.Ordinal);
        if (options.Value.Enabled)
        {
            foreach (var id in ids.Where(id => !known.ContainsKey(id)))
            {
                if (await FromGraphAsync(tenantId, id, cancellationToken) is { } found)
                {
                    known[id] = found;
                }
            }
        }

        return new NameBook(known);
    }

    public async Task<PersonFacts?> ResolveAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(aadObjectId))
        {
            return null;
        }

        var id = PeopleTables.PersonId(aadObjectId);
        if ((await persons.GetAsync(tenantId, [id], cancellationToken)).GetValueOrDefault(id) is { Name: not null } known)
        {
            return known;
        }

        if (!Guid.TryParse(id, out _))
        {
            // Not an Entra id: a Teams user id (local chat clients' pickers send those), known from an activity or a roster.
            return await persons.FindByUserIdAsync(tenantId, aadObjectId.Trim(), cancellationToken) is { Name: not null } byUserId ? byUserId : null;
        }

        return options.Value.Enabled ? await FromGraphAsync(tenantId, id, cancellationToken) : null;
    }

    public Task<IReadOnlyList<PersonFacts>> GetTeamMembersAsync(string tenantId, string teamsTeamId, CancellationToken cancellationToken) =>
        GetTeamMembersAsync(tenantId, teamsTeamId, int.MaxValue, cancellationToken);

    public async Task<bool> IsTeamMemberAsync(string tenantId, string teamsTeamId, string aadObjectId, CancellationToken cancellationToken) =>
        !string.IsNullOrWhiteSpace(aadObjectId) && await rosters.IsMemberAsync(tenantId, teamsTeamId, PeopleTables.PersonId(aadObjectId), cancellationToken);

    public async Task<IReadOnlyList<PersonFacts>> GetTeamMembersAsync(string tenantId, string teamsTeamId, int atMost, CancellationToken cancellationToken)
    {
        await sync.EnsureFreshAsync(tenantId, cancellationToken);
        var members = await rosters.GetMembersAsync(tenantId, teamsTeamId, atMost, cancellationToken);
        return [.. members
            .Select(m => new PersonFacts(m.AadObjectId, m.Name, m.Email, null, m.UserId, null, PersonSources.Roster))
            .OrderBy(p => p.Name ?? p.Email, StringComparer.CurrentCultureIgnoreCase)];
    }

    /// <summary>Graph's profile of the person, kept in the people record; null when Graph does not know them or cannot answer.</summary>
    private async Task<PersonFacts?> FromGraphAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        var lookup = await profiles.GetAsync(tenantId, id, cancellationToken);
        if (lookup.Profile is not { UserFound: true, DisplayName: { Length: > 0 } name } profile)
        {
            return null;
        }

        var facts = new PersonFacts(id, name, null, null, null, profile.JobTitle, PersonSources.Graph);
        await persons.UpsertAsync(tenantId, [facts], cancellationToken);
        return facts;
    }
}
