using Azure;
using CxBot.Storage;

namespace CxBot.Features.Scorecards;

/// <summary>
/// The exactly-once claim of one weekly post (a channel, a week, a scope): a row in <c>ScorecardDeliveries</c> that is
/// <c>claimed</c> by one instance until a deadline, then <c>posted</c> for good. Every change carries the row's ETag, so of two
/// instances only one claims it; a claim whose holder died expires and is taken over (a missed or interrupted post is caught up).
/// </summary>
internal sealed class ScorecardClaims(ScorecardStore store)
{
    public const string Claimed = "claimed";
    public const string Posted = "posted";

    private TableClient Table => store.Deliveries;

    public static string Key(string channelId, DateOnly monday, string scopeId) =>
        $"{TableKeys.ToSafeKey(channelId)}|{ScorecardWeek.Label(monday)}|{TableKeys.ToSafeKey(scopeId)}";

    /// <summary>The keys of the channel's posts of the week that are done, in one range query.</summary>
    public async Task<IReadOnlySet<string>> PostedAsync(string tenantId, string channelId, DateOnly monday, CancellationToken cancellationToken)
    {
        await Table.CreateIfNotExistsAsync(cancellationToken);
        var prefix = $"{TableKeys.ToSafeKey(channelId)}|{ScorecardWeek.Label(monday)}|";
        var posted = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in Table.QueryAsync(TableFilter.Create($"PartitionKey eq {TableKeys.ToSafeKey(tenantId)} and RowKey ge {prefix} and RowKey lt {prefix + "~"} and State eq {Posted}"), cancellationToken))
        {
            posted.Add(row.RowKey);
        }

        return posted;
    }

    /// <summary>True when the post is done.</summary>
    public async Task<bool> IsPostedAsync(string tenantId, string key, CancellationToken cancellationToken)
    {
        await Table.CreateIfNotExistsAsync(cancellationToken);
        return (await Table.GetEntityIfExistsAsync(TableKeys.ToSafeKey(tenantId), key, cancellationToken))?.GetString("State") == Posted;
    }

    /// <summary>Claims the post for <paramref name="holder"/> until <paramref name="until"/>; the ETag to finish with, or null when it is posted or held.</summary>
    public async Task<ETag?> TryClaimAsync(string tenantId, string key, string holder, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await Table.CreateIfNotExistsAsync(cancellationToken);
        var pk = TableKeys.ToSafeKey(tenantId);
        var row = await Table.GetEntityIfExistsAsync(pk, key, cancellationToken);
        if (row is not null && (row.GetString("State") == Posted || (row.GetString("Holder") != holder && row.GetDateTimeOffset("Until") > now)))
        {
            return null;
        }

        var claim = new TableEntity(pk, key) { ["State"] = Claimed, ["Holder"] = holder, ["Until"] = until, ["Attempts"] = (row?.GetInt32("Attempts") ?? 0) + 1 };
        try
        {
            return row is null ? await Table.AddEntityAsync(claim, cancellationToken) : await Table.UpdateEntityAsync(claim, row.ETag, TableUpdateMode.Replace, cancellationToken);
        }
        catch (TableStorageException e) when (e.Status is 409 or 412)
        {
            return null;
        }
    }

    /// <summary>Marks the claimed post done; false when the claim was lost meanwhile (it expired and someone took it over).</summary>
    public async Task<bool> MarkPostedAsync(string tenantId, string key, ETag claim, string? activityId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        try
        {
            await Table.UpdateEntityAsync(new TableEntity(TableKeys.ToSafeKey(tenantId), key) { ["State"] = Posted, ["ActivityId"] = activityId ?? "", ["PostedAt"] = at }, claim, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (TableStorageException e) when (e.Status is 404 or 412)
        {
            return false;
        }
    }

    /// <summary>Gives a claim up at once after a failed post, so the next look retries it.</summary>
    public async Task ReleaseAsync(string tenantId, string key, ETag claim, CancellationToken cancellationToken)
    {
        try
        {
            await Table.UpdateEntityAsync(new TableEntity(TableKeys.ToSafeKey(tenantId), key) { ["State"] = Claimed, ["Holder"] = "", ["Until"] = DateTimeOffset.UnixEpoch }, claim, TableUpdateMode.Replace, cancellationToken);
        }
        catch (TableStorageException e) when (e.Status is 404 or 412)
        {
            // Taken over meanwhile: no longer ours to release.
        }
    }
}
