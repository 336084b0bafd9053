using CxBot.Features.Setup;
using Microsoft.Extensions.Options;

namespace CxBot.Features.Scorecards;

/// <summary>A difference between a stored rollup and the recomputation: the team, the figure (a JSON path) and both values.</summary>
internal sealed record RollupDifference(string TeamId, string Path, string Stored, string Recomputed);

/// <summary>
/// What <c>verify</c> found for a week: the <see cref="Differences"/> between the stored rollups and a recomputation from the
/// records as they stood at each rollup's instant (none: the rollups are right), and the <see cref="Stale"/> rollups, whose
/// records changed since (a rebuild brings them up to date), with the instant of each.
/// </summary>
internal sealed record VerifyResult(IReadOnlyList<RollupDifference> Differences, IReadOnlyList<(string TeamId, DateTimeOffset AsOf)> Stale, IReadOnlyList<string> Missing);

/// <summary>A week's figures for the CSV: as they stand now (rolled up afresh) and as posted, where a card was posted.</summary>
internal sealed record WeekExport(IReadOnlyList<TeamWeek> Current, IReadOnlyList<TeamWeek> Posted, DateTimeOffset AsOf);

/// <summary>
/// The scorecards' operations: roll a week up (idempotent), build a scope's card data from rollups alone, compare rollups
/// with a recomputation from the records, and the CSV of a week's figures.
/// </summary>
internal sealed class ScorecardService(ScorecardSources sources, ScorecardStore store, SetupService setup, IOptions<ScorecardOptions> options, TimeProvider time)
{
    public SetupService Setup => setup;

    public ScorecardStore Store => store;

    public int TrendWeeks => options.Value.TrendWeeks;

    /// <summary>Rolls up every team's week <paramref name="monday"/> of the tenant and the organisation's, and stores them; returns the weeks written.</summary>
    public Task<IReadOnlyList<TeamWeek>> RollupAsync(string tenantId, TenantSetup tenantSetup, DateOnly monday, CancellationToken cancellationToken) =>
        RollupAsync(tenantId, tenantSetup, [monday], cancellationToken);

    /// <summary>
    /// Rolls up the weeks <paramref name="mondays"/> of every team in <paramref name="tenantSetup"/> (sharing the reads they have in
    /// common) and stores them, with the organisation's rows when the setup holds every team of the tenant (<paramref name="organisation"/>).
    /// </summary>
    public async Task<IReadOnlyList<TeamWeek>> RollupAsync(string tenantId, TenantSetup tenantSetup, IReadOnlyList<DateOnly> mondays, CancellationToken cancellationToken, bool organisation = true)
    {
        var now = time.GetUtcNow();
        var weeks = (await sources.RollupAsync(tenantId, tenantSetup, mondays, now, cancellationToken))
            .Where(w => organisation || w.TeamId != ScorecardScope.Organisation).ToList();
        await store.SaveAsync(tenantId, weeks, now, cancellationToken);
        return weeks;
    }

    /// <summary>
    /// The week's posted figures: those kept when its first card was posted, or, for the rows that have none, the week rolled up
    /// now and kept as posted. A later post of the same week (another channel, a retry) shows the same figures.
    /// </summary>
    public async Task<IReadOnlyList<TeamWeek>> PostedAsync(string tenantId, TenantSetup tenantSetup, DateOnly monday, CancellationToken cancellationToken)
    {
        var posted = await store.ReadPostedAsync(tenantId, monday, cancellationToken);
        var have = posted.Select(w => w.TeamId).ToHashSet(StringComparer.Ordinal);
        if (tenantSetup.Teams.All(t => have.Contains(t.Id)) && have.Contains(ScorecardScope.Organisation))
        {
            return posted;
        }

        var fresh = await RollupAsync(tenantId, tenantSetup, [monday], cancellationToken);
        return await store.FreezeAsync(tenantId, fresh, time.GetUtcNow(), cancellationToken);
    }

    /// <summary>
    /// The scorecard data of <paramref name="scope"/> for the week, from the stored rollups only (the trend weeks before it), and
    /// for the week itself <paramref name="week"/> when given (the posted figures).
    /// </summary>
    public async Task<ScorecardData> BuildAsync(
        string tenantId, TenantSetup tenantSetup, ScorecardScope scope, DateOnly monday, string? asOf, CancellationToken cancellationToken, IReadOnlyList<TeamWeek>? week = null)
    {
        var weeks = await store.ReadAsync(tenantId, monday.AddDays(-7 * TrendWeeks), monday, cancellationToken);
        if (week is not null)
        {
            weeks = [.. weeks.Where(w => w.Monday != monday), .. week];
        }

        return ScorecardBuilder.Build(tenantSetup, scope, monday, TrendWeeks, weeks, asOf);
    }

    /// <summary>
    /// Checks the week's stored rollups: each is recomputed from the records as they stood at its instant (so any difference is
    /// a wrong figure, not a late change), and again as they stand now (a difference there means the rollup is stale).
    /// </summary>
    public async Task<VerifyResult> VerifyAsync(string tenantId, DateOnly monday, CancellationToken cancellationToken)
    {
        var tenantSetup = await setup.GetAsync(tenantId, cancellationToken);
        var stored = (await store.ReadAsync(tenantId, monday, monday, cancellationToken)).ToDictionary(w => w.TeamId, StringComparer.Ordinal);
        var now = time.GetUtcNow();
        var then = await sources.RecomputeAsync(tenantId, tenantSetup, [monday], (team, _) => stored.GetValueOrDefault(team)?.AsOf ?? now, cancellationToken);
        var current = (await sources.RecomputeAsync(tenantId, tenantSetup, [monday], (_, _) => now, cancellationToken)).ToDictionary(w => w.TeamId, StringComparer.Ordinal);
        var differences = new List<RollupDifference>();
        var stale = new List<(string, DateTimeOffset)>();
        var missing = new List<string>();
        foreach (var week in then)
        {
            if (stored.GetValueOrDefault(week.TeamId) is not { } rollup)
            {
                missing.Add(week.TeamId);
                continue;
            }

            differences.AddRange(RollupDiff.Compare(week.TeamId, rollup, week));
            if (rollup.AsOf is { } asOf && RollupDiff.Compare(week.TeamId, week, current[week.TeamId] with { AsOf = asOf }).Any())
            {
                stale.Add((week.TeamId, asOf));
            }
        }

        return new VerifyResult(differences, stale, missing);
    }

    /// <summary>
    /// The week's figures for the CSV of <paramref name="scope"/> (every team and the organisation when null): rolled up afresh,
    /// so never stale, beside the posted ones.
    /// </summary>
    public async Task<WeekExport> ExportAsync(string tenantId, TenantSetup tenantSetup, DateOnly monday, CancellationToken cancellationToken, ScorecardScope? scope = null)
    {
        var everything = scope is null || scope.IsOrganisation;
        var current = await RollupAsync(tenantId, everything ? tenantSetup : tenantSetup with { Teams = scope!.Teams }, [monday], cancellationToken, organisation: everything);
        var ids = current.Select(w => w.TeamId).ToHashSet(StringComparer.Ordinal);
        var posted = (await store.ReadPostedAsync(tenantId, monday, cancellationToken)).Where(w => ids.Contains(w.TeamId)).ToList();
        return new WeekExport(current, posted, current.FirstOrDefault()?.AsOf ?? time.GetUtcNow());
    }

    /// <summary>The Mondays from <paramref name="first"/> to <paramref name="last"/> in which any team's incidents changed after <paramref name="since"/>.</summary>
    public async Task<IReadOnlyList<DateOnly>> ChangedWeeksAsync(string tenantId, TenantSetup tenantSetup, DateOnly first, DateOnly last, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var changed = new SortedSet<DateOnly>();
        foreach (var team in tenantSetup.Teams)
        {
            changed.UnionWith(await sources.WeeksChangedSinceAsync(tenantId, team.Id, first, last, since, cancellationToken));
        }

        return [.. changed];
    }

    /// <summary>The scopes a caller may see: every team and the organisation for admins and leadership, else the teams they manage.</summary>
    public static IReadOnlyList<ScorecardScope> ScopesFor(TenantSetup tenantSetup, Caller caller, SetupRoles roles, bool leadership)
    {
        if (leadership || roles.IsAdmin(tenantSetup, caller))
        {
            return Everything(tenantSetup);
        }

        return [.. roles.ManagedTeams(tenantSetup, caller).Select(Team)];
    }

    /// <summary>What a leadership channel subscribed to: the organisation and every team, or the chosen teams.</summary>
    public static IReadOnlyList<ScorecardScope> ScopesFor(TenantSetup tenantSetup, LeadershipChannel channel) => channel.AllTeams
        ? Everything(tenantSetup)
        : [.. channel.Teams.Select(tenantSetup.FindTeam).OfType<TeamSetup>().Select(Team)];

    /// <summary>The organisation and every team; an organisation of one team gets one card, the organisation's, which is that team's.</summary>
    private static IReadOnlyList<ScorecardScope> Everything(TenantSetup tenantSetup) =>
        tenantSetup.Teams.Count == 1 ? [Organisation(tenantSetup)] : [Organisation(tenantSetup), .. tenantSetup.Teams.Select(Team)];

    public static ScorecardScope Organisation(TenantSetup tenantSetup) =>
        new(ScorecardScope.Organisation, tenantSetup.Organisation?.Name is { Length: > 0 } name ? name : "Organisation", tenantSetup.Teams);

    public static ScorecardScope Team(TeamSetup team) => new(team.Id, team.Name, [team]);

    /// <summary>The week now, in the organisation's time zone (the current week's Monday).</summary>
    public DateOnly CurrentMonday(TenantSetup tenantSetup) => ScorecardWeek.MondayOf(time.GetUtcNow(), ScorecardWeek.Zone(tenantSetup.Organisation?.TimeZone));
}
