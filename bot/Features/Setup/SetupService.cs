using Microsoft.Extensions.Caching.Memory;
namespace CxBot.Features.Setup;

/// <summary>What the caller is told: whether the change was made, and why not (<see cref="Problems"/>: every problem, for a form to list).</summary>
internal sealed record SetupOutcome(bool Applied, string Message, TenantSetup Setup)
{
    public IReadOnlyList<string> Problems { get; init; } = [];
}

/// <summary>
/// Applies changes: read the tenant's setup, apply the change in memory (role check included), validate the whole result,
/// then write it with ETags and its audit rows in one transaction; a concurrent edit (412) re-reads and retries.
/// </summary>
internal sealed class SetupService(SetupStore store, SetupRoles roles, IMemoryCache cache, TimeProvider time, ILogger<SetupService> logger)
{
    /// <summary>How old a setup <see cref="GetRecentAsync"/> may hand out.</summary>
    public static readonly TimeSpan RecentFreshness = TimeSpan.FromSeconds(2);

    private const int Attempts = 3;
    public const string ConflictMessage = "Someone else changed the setup at the same moment, so nothing was saved. Please try again.";

    public SetupRoles Roles => roles;

    public async Task<TenantSetup> GetAsync(string tenantId, CancellationToken cancellationToken) => (await store.LoadAsync(tenantId, cancellationToken)).Setup;

    /// <summary>
    /// The tenant's setup read at most every <see cref="RecentFreshness"/>, for hot paths (a burst of incidents or votes) that only
    /// validate choices or draw a card with it. Anything that grants a right or changes setup reads it fresh with <see cref="GetAsync"/>.
    /// A per-process cache of a read, so other instances never depend on it.
    /// </summary>
    public async Task<TenantSetup> GetRecentAsync(string tenantId, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(("setup.recent", tenantId), out TenantSetup? known) && known is not null)
        {
            return known;
        }

        var current = await GetAsync(tenantId, cancellationToken);
        cache.Set(("setup.recent", tenantId), current, RecentFreshness);
        return current;
    }

    /// <summary>The time now.</summary>
    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Today's date in the organisation's time zone (UTC until one is set).</summary>
    public DateOnly Today(TenantSetup setup)
    {
        var zone = setup.Organisation is { } org && SetupRules.IsTimeZone(org.TimeZone) ? TimeZoneInfo.FindSystemTimeZoneById(org.TimeZone) : TimeZoneInfo.Utc;
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);
    }

    /// <param name="action">A short name for the audit trail and logs (for example <c>standard.target</c>); never user text.</param>
    public Task<SetupOutcome> ApplyAsync(Caller caller, string action, Func<TenantSetup, DateOnly, Change> change, CancellationToken cancellationToken) =>
        ApplyAsync(caller, action, (s, today, _) => Task.FromResult(change(s, today)), cancellationToken);

    /// <summary>
    /// As above, for a change that must look something up once its role check passed (who a picked person is); the look-up
    /// runs again on each attempt, on the setup that attempt read.
    /// </summary>
    public async Task<SetupOutcome> ApplyAsync(Caller caller, string action, Func<TenantSetup, DateOnly, CancellationToken, Task<Change>> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var snapshot = await store.LoadAsync(caller.TenantId, cancellationToken);
            var result = await change(snapshot.Setup, Today(snapshot.Setup), cancellationToken);
            if (result.Refusal is { } refusal)
            {
                Log.Refused(logger, action);
                return new SetupOutcome(false, refusal, snapshot.Setup) { Problems = result.Problems };
            }

            if (result.Setup is not { } next)
            {
                return new SetupOutcome(false, result.Done, snapshot.Setup);
            }

            if (SetupRules.Validate(next) is { Count: > 0 } errors)
            {
                Log.Invalid(logger, action, errors.Count);
                return new SetupOutcome(false, string.Join(" ", errors.Take(3)), snapshot.Setup) { Problems = errors };
            }

            try
            {
                var audit = await store.SaveAsync(snapshot, next, caller.UserId, action, time.GetUtcNow(), cancellationToken);
                Log.Changed(logger, action, audit.Count);

                // This instance's recent copy is now old: the person who made the change sees it at once (other instances within RecentFreshness).
                cache.Remove(("setup.recent", caller.TenantId));
                return new SetupOutcome(true, result.Done, SetupRows.Canonical(next));
            }
            catch (SetupConflictException) when (attempt < Attempts)
            {
                Log.Conflict(logger, action, attempt);
            }
            catch (SetupConflictException)
            {
                return new SetupOutcome(false, ConflictMessage, snapshot.Setup);
            }
        }
    }
}
