using Azure;
using CxBot.Storage;

namespace CxBot.Features.People;

/// <summary>A member of a team's roster (Teams' <c>userRole</c> is owner, user or guest).</summary>
internal sealed record RosterMember(string AadObjectId, string? UserId, string? Name, string? Role, string? Email = null)
{
    public bool IsOwner => string.Equals(Role, "owner", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A team the person is in, from its roster.</summary>
internal sealed record RosterMembership(string TeamId, string? TeamName, string? UserId, string? Role, string? ServiceUrl);

/// <summary>A team the bot is in, and when its roster was last read.</summary>
internal sealed record RosterTeam(string TeamId, string? Name, string ServiceUrl, DateTimeOffset? RefreshedAt);

/// <summary>Teams rosters in <see cref="PeopleTables.Roster"/>, written twice (by person and by team) in one transaction.</summary>
internal sealed class RosterStore(TableServiceClient tables)
{
    private const int MembersPerTransaction = TableBatch.MaxActions / 2;
    private readonly TableClient _roster = tables.GetTableClient(PeopleTables.Roster);
    private readonly TableClient _teams = tables.GetTableClient(PeopleTables.Teams);

    public async Task UpsertMembersAsync(string tenantId, RosterTeam team, IReadOnlyList<RosterMember> members, CancellationToken cancellationToken)
    {
        await _roster.CreateIfNotExistsAsync(cancellationToken);
        var pk = PeopleTables.Partition(tenantId);
        foreach (var chunk in members.DistinctBy(m => m.AadObjectId).Chunk(MembersPerTransaction))
        {
            var actions = chunk.SelectMany(m => new[]
            {
                new TableTransactionAction(TableTransactionActionType.UpsertMerge, Row(pk, ByPerson(m.AadObjectId, team.TeamId), team, m)),
                new TableTransactionAction(TableTransactionActionType.UpsertMerge, Row(pk, ByTeam(team.TeamId, m.AadObjectId), team, m)),
            });
            await _roster.SubmitTransactionAsync(actions, cancellationToken);
        }
    }

    public async Task RemoveMembersAsync(string tenantId, string teamId, IReadOnlyCollection<string> aadObjectIds, CancellationToken cancellationToken)
    {
        await _roster.CreateIfNotExistsAsync(cancellationToken);
        var pk = PeopleTables.Partition(tenantId);
        foreach (var id in aadObjectIds)
        {
            await _roster.DeleteEntityAsync(pk, ByPerson(id, teamId), ETag.All, cancellationToken);
            await _roster.DeleteEntityAsync(pk, ByTeam(teamId, id), ETag.All, cancellationToken);
        }
    }

    public async Task<IReadOnlyList<RosterMembership>> GetTeamsOfAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken)
    {
        await _roster.CreateIfNotExistsAsync(cancellationToken);
        var list = new List<RosterMembership>();
        await foreach (var e in _roster.QueryAsync(PeopleTables.StartsWith(PeopleTables.Partition(tenantId), "p|" + PeopleTables.Key(aadObjectId) + "|"), cancellationToken))
        {
            list.Add(new RosterMembership(e.GetString("TeamId") ?? "", e.GetString("TeamName"), e.GetString("UserId"), e.GetString("Role"), e.GetString("ServiceUrl")));
        }

        return list;
    }

    public Task<IReadOnlyList<RosterMember>> GetMembersAsync(string tenantId, string teamId, CancellationToken cancellationToken) =>
        GetMembersAsync(tenantId, teamId, int.MaxValue, cancellationToken);

    /// <summary>The team's members, at most <paramref name="atMost"/> of them (in key order: for lists, where a team of thousands is searched instead).</summary>
    public async Task<IReadOnlyList<RosterMember>> GetMembersAsync(string tenantId, string teamId, int atMost, CancellationToken cancellationToken)
    {
        await _roster.CreateIfNotExistsAsync(cancellationToken);
        var list = new List<RosterMember>();
        await foreach (var e in _roster.QueryAsync(PeopleTables.StartsWith(PeopleTables.Partition(tenantId), "t|" + PeopleTables.Key(teamId) + "|"), cancellationToken))
        {
            list.Add(new RosterMember(e.GetString("AadObjectId") ?? "", e.GetString("UserId"), e.GetString("Name"), e.GetString("Role"), e.GetString("Email")));
            if (list.Count >= atMost)
            {
                break;
            }
        }

        return list;
    }

    /// <summary>True when the person is in the team's roster (one point read).</summary>
    public async Task<bool> IsMemberAsync(string tenantId, string teamId, string aadObjectId, CancellationToken cancellationToken)
    {
        await _roster.CreateIfNotExistsAsync(cancellationToken);
        return await _roster.GetEntityIfExistsAsync(PeopleTables.Partition(tenantId), ByTeam(teamId, aadObjectId), cancellationToken) is not null;
    }

    public async Task SaveTeamAsync(string tenantId, RosterTeam team, CancellationToken cancellationToken)
    {
        await _teams.CreateIfNotExistsAsync(cancellationToken);
        var entity = new TableEntity(PeopleTables.Partition(tenantId), PeopleTables.Key(team.TeamId))
        {
            ["TeamId"] = team.TeamId,
            ["ServiceUrl"] = team.ServiceUrl,
        };
        if (team.Name is not null)
        {
            entity["Name"] = team.Name;
        }

        if (team.RefreshedAt is { } at)
        {
            entity["RefreshedAt"] = at;
        }

        await _teams.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken);
    }

    public async Task<IReadOnlyList<RosterTeam>> ListTeamsAsync(string tenantId, CancellationToken cancellationToken)
    {
        await _teams.CreateIfNotExistsAsync(cancellationToken);
        var list = new List<RosterTeam>();
        await foreach (var e in _teams.QueryAsync(TableFilter.PartitionKeyEquals(PeopleTables.Partition(tenantId)), cancellationToken))
        {
            list.Add(new RosterTeam(e.GetString("TeamId") ?? "", e.GetString("Name"), e.GetString("ServiceUrl") ?? "", e.GetDateTimeOffset("RefreshedAt")));
        }

        return list;
    }

    public async Task ForgetTeamAsync(string tenantId, string teamId, CancellationToken cancellationToken)
    {
        var members = await GetMembersAsync(tenantId, teamId, cancellationToken);
        await RemoveMembersAsync(tenantId, teamId, [.. members.Select(m => m.AadObjectId)], cancellationToken);
        await _teams.CreateIfNotExistsAsync(cancellationToken);
        await _teams.DeleteEntityAsync(PeopleTables.Partition(tenantId), PeopleTables.Key(teamId), ETag.All, cancellationToken);
    }

    private static string ByPerson(string aadObjectId, string teamId) => "p|" + PeopleTables.Key(aadObjectId) + "|" + PeopleTables.Key(teamId);

    private static string ByTeam(string teamId, string aadObjectId) => "t|" + PeopleTables.Key(teamId) + "|" + PeopleTables.Key(aadObjectId);

    private static TableEntity Row(string pk, string rk, RosterTeam team, RosterMember member)
    {
        var entity = new TableEntity(pk, rk)
        {
            ["TeamId"] = team.TeamId,
            ["ServiceUrl"] = team.ServiceUrl,
            ["AadObjectId"] = member.AadObjectId,
        };
        // Member events carry no name or role: keep what a full roster read stored.
        Set(entity, "TeamName", team.Name);
        Set(entity, "UserId", member.UserId);
        Set(entity, "Name", member.Name);
        Set(entity, "Role", member.Role);
        Set(entity, "Email", member.Email);
        return entity;
    }

    private static void Set(TableEntity entity, string name, string? value)
    {
        if (value is not null)
        {
            entity[name] = value;
        }
    }
}
