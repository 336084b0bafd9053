using CxBot.Storage;

namespace CxBot.Features.Incidents;

/// <summary>
/// A lease row in <c>IncidentIndex</c> so only one bot instance chases at a time: take it when it is free or expired, with
/// its ETag, so two instances racing for it cannot both win.
/// </summary>
internal sealed class IncidentLease(TableServiceClient tables)
{
    private const string Partition = "~lease";
    private readonly TableClient _index = tables.GetTableClient(IncidentNames.IndexTable);

    /// <summary>True when <paramref name="holder"/> holds the lease until <paramref name="until"/> (taken now or renewed).</summary>
    public async Task<bool> TryTakeAsync(string name, string holder, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken)
    {
        await _index.CreateIfNotExistsAsync(cancellationToken);
        var row = await _index.GetEntityIfExistsAsync(Partition, name, cancellationToken);
        if (row is not null && row.GetString("Holder") != holder && row.GetDateTimeOffset("Until") > now)
        {
            return false;
        }

        var next = new TableEntity(Partition, name) { ["Holder"] = holder, ["Until"] = until };
        try
        {
            if (row is null)
            {
                await _index.AddEntityAsync(next, cancellationToken);
            }
            else
            {
                await _index.UpdateEntityAsync(next, row.ETag, TableUpdateMode.Replace, cancellationToken);
            }

            return true;
        }
        catch (TableStorageException e) when (e.Status is 409 or 412)
        {
            return false;
        }
    }
}
