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

    /// <summary>A post CxBot could not make because it has no conversation in the channel yet: retried at every look, shown to admins.</summary>
    public const string Waiting = "waiting";

    /// <summary>The scope prefix of a week's card posted while the week runs (a channel's first card).</summary>
    public const string SoFar = "sofar~";

    private const string SeenPrefix = "seen|";

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

    /// <summary>
    /// When CxBot first saw the channel among the leadership channels: for channels stored without the time they subscribed,
    /// so they too get no card for a week that was over before then. Written once (the first writer wins).
    /// </summary>
    public async Task<DateTimeOffset> FirstSeenAsync(string tenantId, string channelId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await Table.CreateIfNotExistsAsync(cancellationToken);
        var pk = TableKeys.ToSafeKey(tenantId);
        var key = SeenPrefix + TableKeys.ToSafeKey(channelId);
        if ((await Table.GetEntityIfExistsAsync(pk, key, cancellationToken))?.GetDateTimeOffset("At") is { } seen)
        {
            return seen;
        }

        try
        {
            await Table.AddEntityAsync(new TableEntity(pk, key) { ["At"] = now }, cancellationToken);
            return now;
        }
        catch (TableStorageException e) when (e.Status == 409)
        {
            return (await Table.GetEntityIfExistsAsync(pk, key, cancellationToken))?.GetDateTimeOffset("At") ?? now;
        }
    }

    /// <summary>Gives the claim up and marks the post as waiting for CxBot to reach <paramref name="channelName"/> (the admins see it).</summary>
    public async Task WaitAsync(string tenantId, string key, ETag claim, string channelName, DateTimeOffset now, CancellationToken cancellationToken)
    {
        try
        {
            await Table.UpdateEntityAsync(
                new TableEntity(TableKeys.ToSafeKey(tenantId), key) { ["State"] = Waiting, ["Holder"] = "", ["Until"] = DateTimeOffset.UnixEpoch, ["Channel"] = channelName, ["WaitingAt"] = now },
                claim,
                TableUpdateMode.Merge,
                cancellationToken);
        }
        catch (TableStorageException e) when (e.Status is 404 or 412)
        {
            // Taken over meanwhile: no longer ours.
        }
    }

    /// <summary>The names of the channels whose scorecards wait for CxBot to reach them.</summary>
    public async Task<IReadOnlyList<string>> WaitingChannelsAsync(string tenantId, CancellationToken cancellationToken)
    {
        await Table.CreateIfNotExistsAsync(cancellationToken);
        var names = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var row in Table.QueryAsync(TableFilter.Create($"PartitionKey eq {TableKeys.ToSafeKey(tenantId)} and State eq {Waiting}"), cancellationToken))
        {
            names.Add(row.GetString("Channel") is { Length: > 0 } name ? name : "a leadership channel");
        }

        return [.. names];
    }

    /// <summary>When the tenant's rollups were last refreshed (null: never).</summary>
    public async Task<DateTimeOffset?> RefreshedAsync(string tenantId, CancellationToken cancellationToken)
    {
        await Table.CreateIfNotExistsAsync(cancellationToken);
        return (await Table.GetEntityIfExistsAsync(TableKeys.ToSafeKey(tenantId), RefreshedKey, cancellationToken))?.GetDateTimeOffset("At");
    }

    /// <summary>Records that the tenant's rollups were refreshed with the changes up to <paramref name="at"/>.</summary>
    public async Task MarkRefreshedAsync(string tenantId, DateTimeOffset at, CancellationToken cancellationToken) =>
        await Table.UpsertEntityAsync(new TableEntity(TableKeys.ToSafeKey(tenantId), RefreshedKey) { ["At"] = at }, TableUpdateMode.Replace, cancellationToken);

    private const string RefreshedKey = "~refreshed";

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
