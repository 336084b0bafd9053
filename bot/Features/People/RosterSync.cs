using System.Collections.Concurrent;
using System.Text.Json;
using CxBot.Protocol;
using CxBot.Protocol.Connector;
using CxBot.Protocol.References;

namespace CxBot.Features.People;

/// <summary>
/// Keeps Teams rosters current: a full read (paged members) when the bot joins a team or a roster is older than its
/// time-to-live, and the single changes that member events carry. No timer: staleness is checked when someone asks.
/// </summary>
internal sealed class RosterSync(RosterStore store, ConversationReferenceStore references, IConnectorClient connector, PeopleSettings settings, TimeProvider time, ILogger<RosterSync> logger)
{
    private const int ParallelRosterReads = 4;
    private readonly ConcurrentDictionary<string, Lazy<Task>> _refreshing = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _checkedAt = new(StringComparer.Ordinal);

    /// <summary>
    /// Reads every team of the tenant whose roster is missing or older than <see cref="PeopleSettings.RosterTtl"/>. Concurrent
    /// callers in this process share one pass, and a pass that finished less than <see cref="PeopleSettings.RosterCheckEvery"/>
    /// ago is not repeated: the check itself is two queries over the tenant's teams and chats, and it ran on every directory
    /// question (every incident). Both are optimisations only: another instance checking too is harmless.
    /// </summary>
    public Task EnsureFreshAsync(string tenantId, CancellationToken cancellationToken)
    {
        if (_checkedAt.TryGetValue(tenantId, out var at) && time.GetUtcNow() - at < settings.RosterCheckEvery)
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

        var staleBefore = time.GetUtcNow() - settings.RosterTtl;
        var stale = known.Values.Where(t => t.RefreshedAt is not { } at || at < staleBefore);
        // A few teams at a time: the connector's limits are per conversation, and a large tenant should not wait team by team.
        await Parallel.ForEachAsync(stale, new ParallelOptions { MaxDegreeOfParallelism = ParallelRosterReads, CancellationToken = cancellationToken }, (team, ct) => new ValueTask(RefreshTeamAsync(tenantId, team, ct)));
    }

    /// <summary>Reads a team's whole roster page by page, stores it, and drops members who left.</summary>
    public async Task RefreshTeamAsync(string tenantId, RosterTeam team, CancellationToken cancellationToken)
    {
        team = team.Name is null ? team with { Name = await TeamNameAsync(team, cancellationToken) } : team;
        var members = new List<RosterMember>();
        string? continuation = null;
        do
        {
            ConnectorResult<PagedMembersResult> page;
            try
            {
                page = await connector.GetPagedMembersAsync(team.ServiceUrl, team.TeamId, settings.RosterPageSize, continuation, cancellationToken);
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

            members.AddRange((page.Value?.Members ?? []).Select(ToMember).OfType<RosterMember>());
            continuation = string.IsNullOrEmpty(page.Value?.ContinuationToken) ? null : page.Value.ContinuationToken;
        }
        while (continuation is not null);

        var refreshed = team with { RefreshedAt = time.GetUtcNow() };
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
        var added = (activity.MembersAdded ?? []).Select(ToMember).OfType<RosterMember>().ToList();
        if (added.Count > 0)
        {
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

    private static RosterMember? ToMember(ChannelAccount account) => account.AadObjectId is { Length: > 0 } aad
        ? new RosterMember(PeopleTables.PersonId(aad), account.Id, account.Name, Role(account))
        : null;

    private static string? Role(ChannelAccount account) =>
        account.Extra?.TryGetValue("userRole", out var role) == true && role.ValueKind == JsonValueKind.String ? role.GetString() : null;
}
