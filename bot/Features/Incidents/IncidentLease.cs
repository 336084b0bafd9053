using CxBot.Storage;

namespace CxBot.Features.Incidents;

/// <summary>The chaser's lease: a <see cref="TableLease"/> row in <c>IncidentIndex</c>, so only one bot instance chases at a time.</summary>
internal sealed class IncidentLease(TableServiceClient tables)
{
    private readonly TableLease _lease = new(tables.GetTableClient(IncidentNames.IndexTable));

    /// <summary>True when <paramref name="holder"/> holds the lease until <paramref name="until"/> (taken now or renewed).</summary>
    public async Task<bool> TryTakeAsync(string name, string holder, DateTimeOffset now, DateTimeOffset until, CancellationToken cancellationToken) =>
        await _lease.TryTakeAsync(name, holder, now, until, cancellationToken) is not null;
}
