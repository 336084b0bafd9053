using CxBot.Graph;
using CxBot.Storage;
using Microsoft.Extensions.Options;

namespace CxBot.Features.People;

/// <summary>
/// Paces app installs per tenant across every instance: one row per tenant in <see cref="PeopleTables.Pacing"/> holds when the
/// next install may start, and each caller claims a slot by an ETag-checked write (a 412 or 409 means another instance won: read again).
/// </summary>
internal sealed class InstallPacer(TableServiceClient tables, IOptions<GraphOptions> options, TimeProvider time)
{
    private const string RowKey = "install";
    private const int MaxClaims = 20;
    private readonly TableClient _table = tables.GetTableClient(PeopleTables.Pacing);

    /// <summary>Claims the next slot and waits until it starts.</summary>
    public async Task WaitTurnAsync(string tenantId, CancellationToken cancellationToken)
    {
        var start = await ReserveAsync(tenantId, cancellationToken);
        var wait = start - time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    /// <summary>Claims the next free slot (now, or after the last one claimed) and returns when it starts.</summary>
    /// <exception cref="TableStorageException">Storage failed, or the slot stayed contended after many tries.</exception>
    public async Task<DateTimeOffset> ReserveAsync(string tenantId, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var pk = PeopleTables.Partition(tenantId);
        for (var attempt = 0; ; attempt++)
        {
            var row = await _table.GetEntityIfExistsAsync(pk, RowKey, cancellationToken);
            var now = time.GetUtcNow();
            var next = row?.GetDateTimeOffset("NextAt") is { } at && at > now ? at : now;
            var claim = new TableEntity(pk, RowKey) { ["NextAt"] = next + options.Value.InstallInterval };
            try
            {
                if (row is null)
                {
                    await _table.AddEntityAsync(claim, cancellationToken);
                }
                else
                {
                    await _table.UpdateEntityAsync(claim, row.ETag, TableUpdateMode.Replace, cancellationToken);
                }

                return next;
            }
            catch (TableStorageException ex) when ((ex is TableETagMismatchException || ex.IsAlreadyExists) && attempt < MaxClaims)
            {
                // Another instance claimed this slot first.
            }
        }
    }
}
