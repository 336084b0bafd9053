using Azure;
using CxBot.Features.Setup;
using CxBot.Hosting;
using CxBot.Storage;
using Microsoft.Extensions.Options;

namespace CxBot.Features.Incidents;

/// <summary>
/// A new incident whose card has not reached its people yet, as its <c>deliver|</c> row in <c>IncidentIndex</c> says:
/// <see cref="Since"/> is when it was last taken (first, when it was logged), <see cref="LoggedAt"/> when it was owed.
/// </summary>
internal sealed record OwedDelivery(string TenantId, string Reference, string PartitionKey, DateTimeOffset Since, DateTimeOffset LoggedAt, ETag ETag);

/// <summary>
/// The durable promise behind "your manager will get this": the claim writes a <c>deliver|reference</c> row with every new
/// incident, in the same transaction as its index rows and before the reporter is answered. The instance that took the
/// submission delivers at once and removes the row. A row still there after <see cref="IncidentOptions.DeliveryGrace"/>
/// (that instance died, or a deploy stopped it) is delivered from the stored incident by whichever instance holds the
/// sweep's lease. Delivery skips whoever already has a copy, so a second attempt sends only what the first did not record.
/// </summary>
internal sealed class IncidentDeliveries(
    TableServiceClient tables,
    IncidentStore store,
    IncidentLease lease,
    SetupService setup,
    IIncidentRouting routing,
    IncidentNotifier notifier,
    IOptions<IncidentOptions> options,
    TimeProvider time,
    ILogger<IncidentDeliveries> logger)
{
    public const string LeaseName = "deliver";
    private const int ParallelDeliveries = 8;

    /// <summary>A row whose incident never appeared (its write failed after the claim) is dropped after this long.</summary>
    private static readonly TimeSpan GiveUpWithoutIncident = TimeSpan.FromDays(1);

    private readonly TableClient _index = tables.GetTableClient(IncidentNames.IndexTable);

    /// <summary>This instance's name on the lease.</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Delivers a new incident now (the fast path, after the reporter's answer) and removes its row.</summary>
    public async Task DeliverNowAsync(StoredIncident stored, TenantSetup tenantSetup, IReadOnlyList<HistoryEntry> history, string reporterId, CardCopy? reporterCopy, CancellationToken cancellationToken)
    {
        var incident = stored.Incident;
        var approvers = tenantSetup.FindTeam(incident.TeamId) is { } team ? await routing.ApproversAsync(incident.TenantId, tenantSetup, team, reporterId, cancellationToken) : [];
        await notifier.DeliverAsync(stored, tenantSetup, history, approvers, reporterCopy, cancellationToken);
        await DoneAsync(incident.TenantId, incident.Reference, cancellationToken);
    }

    /// <summary>One sweep: delivers every owed delivery older than the grace; returns how many (0 when another instance holds the lease).</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!await lease.TryTakeAsync(LeaseName, InstanceId, now, now + (options.Value.DeliverySweepEvery * 2), cancellationToken))
        {
            return 0;
        }

        var delivered = 0;
        var owed = await OwedAsync(cancellationToken);
        // A few at a time: each delivery waits on several connector round trips, and after a crash hundreds may be owed.
        await Parallel.ForEachAsync(owed.Where(d => now - d.Since >= options.Value.DeliveryGrace), new ParallelOptions { MaxDegreeOfParallelism = ParallelDeliveries, CancellationToken = cancellationToken }, async (delivery, ct) =>
        {
            try
            {
                if (await DeliverOwedAsync(delivery, now, ct))
                {
                    Interlocked.Increment(ref delivered);
                }
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                // One failure never stops the sweep; the row stays, and the next sweep after the grace tries again.
                Log.DeliveryFailed(logger, e);
            }
        });

        if (owed.Count > 0)
        {
            Log.DeliveriesSwept(logger, delivered, owed.Count);
        }

        return delivered;
    }

    /// <summary>
    /// Every owed delivery: the tenants the hint partition names, then each one's <c>deliver|</c> rows (a range in its own
    /// partition). A hint whose tenant owes nothing and that is older than the grace is removed, with its ETag, so a claim
    /// that just wrote it again keeps it.
    /// </summary>
    public async Task<IReadOnlyList<OwedDelivery>> OwedAsync(CancellationToken cancellationToken)
    {
        await _index.CreateIfNotExistsAsync(cancellationToken);
        var hints = new List<TableEntity>();
        await foreach (var hint in _index.QueryAsync(TableFilter.PartitionKeyEquals(IncidentKeys.OwedTenants), cancellationToken))
        {
            hints.Add(hint);
        }

        var list = new List<OwedDelivery>();
        foreach (var hint in hints)
        {
            var owed = 0;
            await foreach (var row in _index.QueryAsync(TableFilter.Create($"PartitionKey eq {hint.RowKey} and RowKey ge {IncidentKeys.DeliverPrefix} and RowKey lt {IncidentKeys.End(IncidentKeys.DeliverPrefix)}"), cancellationToken))
            {
                var since = row.GetDateTimeOffset("Since") ?? DateTimeOffset.MinValue;
                list.Add(new OwedDelivery(row.GetString("TenantId") ?? "", row.RowKey[IncidentKeys.DeliverPrefix.Length..], row.GetString("Pk") ?? "", since, row.GetDateTimeOffset("LoggedAt") ?? since, row.ETag));
                owed++;
            }

            if (owed == 0 && time.GetUtcNow() - (hint.GetDateTimeOffset("Since") ?? DateTimeOffset.MinValue) > options.Value.DeliveryGrace)
            {
                try
                {
                    await _index.DeleteEntityAsync(IncidentKeys.OwedTenants, hint.RowKey, hint.ETag, cancellationToken);
                }
                catch (TableStorageException e) when (e.Status == 412)
                {
                    // A claim wrote the hint again meanwhile: it stays.
                }
            }
        }

        return list;
    }

    private async Task<bool> DeliverOwedAsync(OwedDelivery delivery, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Take it (ETag): a second sweeper, or this one's next pass, leaves it alone for another grace.
        var claim = new TableEntity(IncidentKeys.Tenant(delivery.TenantId), IncidentKeys.Deliver(delivery.Reference)) { ["Since"] = now };
        try
        {
            await _index.UpdateEntityAsync(claim, delivery.ETag, TableUpdateMode.Merge, cancellationToken);
        }
        catch (TableStorageException e) when (e.Status is 404 or 412)
        {
            return false;
        }

        if (await store.GetAsync(delivery.PartitionKey, delivery.Reference, cancellationToken) is not { } stored)
        {
            if (now - delivery.LoggedAt > GiveUpWithoutIncident)
            {
                await DoneAsync(delivery.TenantId, delivery.Reference, cancellationToken);
            }

            return false;
        }

        if (stored.Incident.IsClosed)
        {
            await DoneAsync(delivery.TenantId, delivery.Reference, cancellationToken);
            return false;
        }

        var tenantSetup = await setup.GetAsync(delivery.TenantId, cancellationToken);
        var history = await store.RecentHistoryAsync(stored, cancellationToken);
        await DeliverNowAsync(stored, tenantSetup, history, stored.Incident.ReporterId, null, cancellationToken);
        return true;
    }

    private async Task DoneAsync(string tenantId, string reference, CancellationToken cancellationToken) =>
        await _index.DeleteEntityAsync(IncidentKeys.Tenant(tenantId), IncidentKeys.Deliver(reference), ETag.All, cancellationToken);
}

/// <summary>Runs the delivery sweep on the injected clock.</summary>
internal sealed class IncidentDeliveryLoop(IncidentDeliveries deliveries, IOptions<IncidentOptions> options, TimeProvider time, ILogger<IncidentDeliveryLoop> logger)
    : PeriodicService(time)
{
    protected override TimeSpan Every => options.Value.DeliverySweepEvery;

    /// <summary>At once after a start: a restarted instance delivers what its predecessor left owed.</summary>
    protected override bool RunAtStart => true;

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => deliveries.SweepAsync(cancellationToken);

    protected override void OnFailed(Exception exception) => Log.DeliveryFailed(logger, exception);
}
