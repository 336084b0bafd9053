using System.Collections.Concurrent;
using CxBot.Graph;
using CxBot.Protocol;
using CxBot.Protocol.Connector;
using CxBot.Protocol.References;
using Microsoft.Extensions.Options;

namespace CxBot.Features.People;

/// <summary>
/// Keeps Teams rosters current: a full read (paged members) when the bot joins a team or a roster is older than its
/// time-to-live, and the single changes that member events carry. No timer: staleness is checked when someone asks.
/// </summary>
internal sealed class RosterSync(RosterStore store, PersonStore persons, ConversationReferenceStore references, IConnectorClient connector, IOptions<GraphOptions> options, TimeProvider time, ILogger<RosterSync> logger)
{
    private const int ParallelRosterReads = 4;
    private readonly ConcurrentDictionary<string, Lazy<Task>> _refreshing = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _checkedAt = new(StringComparer.Ordinal);

    /// <summary>
    /// Reads every team of the tenant whose roster is missing or older than <see cref="GraphOptions.RosterTtl"/>. Concurrent
    /// callers in this process share one pass, and a pass that finished less than <see cref="GraphOptions.RosterCheckEvery"/>
    /// ago is not repeated: the check itself is two queries over the tenant's teams and chats, and it ran on every directory
    /// question (every incident). Both are optimisations only: another instance checking too is harmless.
    /// </summary>
    public Task EnsureFreshAsync(string tenantId, CancellationToken cancellationToken)
    {
        if (_checkedAt.TryGetValue(tenantId, out var at) && time.GetUtcNow() - at < options.Value.RosterCheckEvery)
        {
            return Task.CompletedTask;
        }

        return _refreshing.GetOrAdd(tenantId, t => new Lazy<Task>(() => RefreshStaleAsync(t))).Value.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// One pass over the tenant's teams. It is not tied to one caller's cancellation, since others may wait on it; each
    /// roster read is bounded by the connector's own timeouts. Only a pass that ends without an error counts as a check.
    /// </summary>
    private async Task RefreshStaleAsync(string tenantId)
    {
        var started = time.GetUtcNow();
        try
        {
            await RefreshStaleTeamsAsync(tenantId, CancellationToken.None);
            _checkedAt[tenantId] = started;
        }
        finally
        {
            _refreshing.TryRemove(tenantId, out _);
        }
    }

    private async Task RefreshStaleTeamsAsync(string tenantId, CancellationToken cancellationToken)
    {
        var known = (await store.ListTeamsAsync(tenantId, cancellationToken)).ToDictionary(t => t.TeamId, StringComparer.Ordinal);
        foreach (var reference in await references.ListConversationsAsync(tenantId, cancellationToken))
        {
            if (reference.TeamId is { } teamId && !known.ContainsKey(teamId))
            {
                known[teamId] = new RosterTeam(teamId, null, reference.ServiceUrl, null);
            }
        }

        var staleBefore = time.GetUtcNow() - options.Value.RosterTtl;
        var stale = known.Values.Where(t => t.RefreshedAt is not { } at || at < staleBefore);
        // A few teams at a time: the connector's limits are per conversation, and a large tenant should not wait team by team.
        await Parallel.ForEachAsync(stale, new ParallelOptions { MaxDegreeOfParallelism = ParallelRosterReads, CancellationToken = cancellationToken }, (team, ct) => new ValueTask(RefreshTeamAsync(tenantId, team, ct)));
    }

    /// <summary>Reads a team's whole roster page by page, stores it, and drops members who left.</summary>
    public async Task RefreshTeamAsync(string tenantId, RosterTeam team, CancellationToken cancellationToken)
    {
        team = team.Name is null ? team with { Name = await TeamNameAsync(team, cancellationToken) } : team;
        var members = new List<RosterMember>();
        var people = new List<PersonFacts>();
        var withoutId = 0;
        string? continuation = null;
        do
        {
            ConnectorResult<PagedMembersResult> page;
            try
            {
                page = await connector.GetPagedMembersAsync(team.ServiceUrl, team.TeamId, options.Value.RosterPageSize, continuation, cancellationToken);
            }
            catch (Exception ex) when (ex is ConnectorException or ServiceUrlNotAllowedException or HttpRequestException)
            {
                // The old roster stays; the next question tries again.
                Log.RosterReadFailed(logger, ex.GetType().Name);
                return;
            }

            if (!page.IsOk)
            {
                // 403/404: the bot is no longer in the team.
                await store.ForgetTeamAsync(tenantId, team.TeamId, cancellationToken);
                Log.TeamForgotten(logger, page.Outcome.ToString());
                return;
            }

            foreach (var account in page.Value?.Members ?? [])
            {
                if (ToMember(account) is { } member)
                {
                    members.Add(member);
                    people.Add(ToFacts(account, member));
                }
                else
                {
                    withoutId++;
                }
            }

            continuation = string.IsNullOrEmpty(page.Value?.ContinuationToken) ? null : page.Value.ContinuationToken;
        }
        while (continuation is not null);

        if (withoutId > 0)
        {
            // Teams gives every member of a team an object id; one without is not a person CxBot could name, route to or reach.
            Log.RosterMembersWithoutObjectId(logger, withoutId);
        }

        var refreshed = team with { RefreshedAt = time.GetUtcNow() };
        await persons.UpsertAsync(tenantId, people, cancellationToken);
        await store.UpsertMembersAsync(tenantId, refreshed, members, cancellationToken);
        var current = members.Select(m => m.AadObjectId).ToHashSet(StringComparer.Ordinal);
        var gone = (await store.GetMembersAsync(tenantId, team.TeamId, cancellationToken)).Where(m => !current.Contains(m.AadObjectId)).Select(m => m.AadObjectId).ToList();
        await store.RemoveMembersAsync(tenantId, team.TeamId, gone, cancellationToken);
        await store.SaveTeamAsync(tenantId, refreshed, cancellationToken);
        Log.RosterRefreshed(logger, members.Count, gone.Count);
    }

    /// <summary>Applies a team's <c>conversationUpdate</c>: the bot joining (full read) or leaving, members added or removed.</summary>
    public async Task ObserveAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (activity.TenantId() is not { } tenantId || activity.ChannelData?.Team?.Id is not { } teamId || activity.ServiceUrl is null)
        {
            return;
        }

        var bot = activity.Recipient?.Id;
        var team = new RosterTeam(teamId, activity.ChannelData.Team.Name, activity.ServiceUrl, null);
        if (activity.MembersRemoved?.Any(m => m.Id == bot) == true)
        {
            await store.ForgetTeamAsync(tenantId, teamId, cancellationToken);
            return;
        }

        if (activity.MembersAdded?.Any(m => m.Id == bot) == true)
        {
            await RefreshTeamAsync(tenantId, team, cancellationToken);
            return;
        }

        await store.SaveTeamAsync(tenantId, team, cancellationToken);
        var added = new List<RosterMember>();
        var people = new List<PersonFacts>();
        foreach (var joined in activity.MembersAdded ?? [])
        {
            // A member event carries only ids: the member call gives the name and email (the event's ids if it cannot be read).
            var account = await MemberAsync(team, joined, cancellationToken);
            if (ToMember(account) is { } member)
            {
                added.Add(member);
                people.Add(ToFacts(account, member));
            }
            else
            {
                Log.RosterMembersWithoutObjectId(logger, 1);
            }
        }

        if (added.Count > 0)
        {
            await persons.UpsertAsync(tenantId, people, cancellationToken);
            await store.UpsertMembersAsync(tenantId, team, added, cancellationToken);
        }

        var removed = (activity.MembersRemoved ?? []).Select(m => m.AadObjectId).OfType<string>().Select(PeopleTables.PersonId).ToList();
        await store.RemoveMembersAsync(tenantId, teamId, removed, cancellationToken);
    }

    /// <summary>The team's name from <c>GET /v3/teams/{id}</c>, for teams known only from a stored reference; null if it cannot be read.</summary>
    private async Task<string?> TeamNameAsync(RosterTeam team, CancellationToken cancellationToken)
    {
        try
        {
            return (await connector.GetTeamDetailsAsync(team.ServiceUrl, team.TeamId, cancellationToken)).Value?.Name;
        }
        catch (Exception ex) when (ex is ConnectorException or ServiceUrlNotAllowedException or HttpRequestException)
        {
            return null;
        }
    }

    /// <summary><c>GET /v3/conversations/{team}/members/{id}</c> for a member who just joined; the event's own ids when that fails.</summary>
    private async Task<TeamsChannelAccount> MemberAsync(RosterTeam team, ChannelAccount joined, CancellationToken cancellationToken)
    {
        var fallback = new TeamsChannelAccount { Id = joined.Id, Name = joined.Name, AadObjectId = joined.AadObjectId };
        if (joined.Id is not { Length: > 0 } id)
        {
            return fallback;
        }

        try
        {
            var read = await connector.GetMemberAsync(team.ServiceUrl, team.TeamId, id, cancellationToken);
            return read is { IsOk: true, Value: { } member } ? member with { AadObjectId = member.AadObjectId ?? joined.AadObjectId } : fallback;
        }
        catch (Exception ex) when (ex is ConnectorException or ServiceUrlNotAllowedException or HttpRequestException)
        {
            Log.RosterReadFailed(logger, ex.GetType().Name);
            return fallback;
        }
    }

    private static RosterMember? ToMember(TeamsChannelAccount account) => account.EntraObjectId is { } id
        ? new RosterMember(PeopleTables.PersonId(id), account.Id, account.Name, account.UserRole, account.Email ?? account.UserPrincipalName)
        : null;

    private static PersonFacts ToFacts(TeamsChannelAccount account, RosterMember member) =>
        new(member.AadObjectId, account.Name, account.Email, account.UserPrincipalName, account.Id, null, PersonSources.Roster);
}
