namespace CxBot.Storage;

/// <summary>
/// A named lease held in one row of a table, so that work that must happen once runs on one instance at a time: take it
/// when it is free, expired or already yours (renewal), release it when done. Every write carries the row's ETag, so two
/// instances racing for it cannot both win. Keep <c>until - now</c> well above the longest step the holder takes between
/// renewals, and check <see cref="LeaseGrant.Until"/> before each step.
/// </summary>
public sealed class TableLease(TableClient table, string partitionKey = TableLease.DefaultPartition)
{
    /// <summary>The partition used when none is given.</summary>
    public const string DefaultPartition = "~lease";

    /// <summary>Takes or renews the lease <paramref name="name"/> for <paramref name="holder"/> until <paramref name="until"/>; null when someone else holds it.</summary>
    /// <exception cref="TableStorageException">Storage failed.</exception>
    public async Task<LeaseGrant?> TryTakeAsync(string name, string holder, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await table.CreateIfNotExistsAsync(cancellationToken);
        var row = await table.GetEntityIfExistsAsync(partitionKey, name, cancellationToken);
        if (row is not null && row.GetString("Holder") != holder && row.GetDateTimeOffset("Until") > now)
        {
            return null;
        }

        var next = new TableEntity(partitionKey, name) { ["Holder"] = holder, ["Until"] = until };
        try
        {
            if (row is null)
            {
                await table.AddEntityAsync(next, cancellationToken);
            }
            else
            {
                await table.UpdateEntityAsync(next, row.ETag, TableUpdateMode.Replace, cancellationToken);
            }

            return new LeaseGrant(name, holder, until);
        }
        catch (TableStorageException e) when (e.Status is 409 or 412)
        {
            return null;
        }
    }

    /// <summary>Gives the lease up at once if <paramref name="holder"/> still holds it; another instance can take it without waiting for expiry.</summary>
    /// <exception cref="TableStorageException">Storage failed.</exception>
    public async Task ReleaseAsync(string name, string holder, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync(partitionKey, name, cancellationToken);
        if (row is null || row.GetString("Holder") != holder)
        {
            return;
        }

        try
        {
            await table.UpdateEntityAsync(new TableEntity(partitionKey, name) { ["Holder"] = "", ["Until"] = DateTimeOffset.UnixEpoch }, row.ETag, TableUpdateMode.Replace, cancellationToken);
        }
        catch (TableStorageException e) when (e.Status is 404 or 412)
        {
            // Someone else took it meanwhile, or it is gone: either way it is no longer ours.
        }
    }
}

/// <summary>A lease held by <see cref="Holder"/> until <see cref="Until"/>.</summary>
public sealed record LeaseGrant(string Name, string Holder, DateTimeOffset Until);
