using System.Text.Json;
using CxBot.Storage;

namespace CxBot.Features.Recognition;

/// <summary>
/// Shout-outs in <see cref="RecognitionNames.ShoutOutsTable"/>, partitioned by tenant and month: the shout-out row
/// <c>s|{id}</c>, one row per +1 <c>p|{id}|{person}</c> and one per manager's thanks <c>t|{id}|{recipient}|{manager}</c>.
/// </summary>
internal sealed class ShoutOutStore(TableServiceClient tables)
{
    private const int Attempts = 25;
    private readonly TableClient _table = tables.GetTableClient(RecognitionNames.ShoutOutsTable);

    public static string Partition(string tenantId, string month) => TableKeys.ToSafeKey(tenantId) + "|" + month;

    /// <summary>Adds the shout-out; false when a row with its id exists already (a redelivery or a resubmitted card).</summary>
    public async Task<bool> TryAddAsync(ShoutOut shoutOut, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        try
        {
            await _table.AddEntityAsync(Row(shoutOut), cancellationToken);
            return true;
        }
        catch (TableStorageException ex) when (ex.IsAlreadyExists)
        {
            return false;
        }
    }

    public async Task<ShoutOut?> GetAsync(string tenantId, ShoutOutRef reference, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var e = await _table.GetEntityIfExistsAsync(Partition(tenantId, reference.Month), ShoutOutKey(reference.Id), cancellationToken);
        return e is null ? null : FromEntity(tenantId, e);
    }

    /// <summary>
    /// Counts one +1 per person: the person's row is added first (409: they already did), then the count on the shout-out
    /// row is raised with its ETag, re-read on 412, so concurrent +1s are all counted once.
    /// </summary>
    public async Task<(ShoutOut ShoutOut, bool Counted)?> PlusOneAsync(string tenantId, ShoutOutRef reference, string personId, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var pk = Partition(tenantId, reference.Month);
        if (await _table.GetEntityIfExistsAsync(pk, ShoutOutKey(reference.Id), cancellationToken) is not { } first)
        {
            return null;
        }

        var personKey = $"p|{TableKeys.ToSafeKey(reference.Id)}|{TableKeys.ToSafeKey(personId)}";
        try
        {
            await _table.AddEntityAsync(new TableEntity(pk, personKey), cancellationToken);
        }
        catch (TableStorageException ex) when (ex.IsAlreadyExists)
        {
            return (FromEntity(tenantId, first), false);
        }

        var row = first;
        for (var attempt = 1; ; attempt++)
        {
            var next = new TableEntity(pk, row.RowKey) { ["PlusOnes"] = (row.GetInt32("PlusOnes") ?? 0) + 1 };
            try
            {
                await _table.UpdateEntityAsync(next, row.ETag, TableUpdateMode.Merge, cancellationToken);
                return (FromEntity(tenantId, row) with { PlusOnes = (int)next["PlusOnes"]! }, true);
            }
            catch (TableETagMismatchException) when (attempt < Attempts)
            {
                row = await _table.GetEntityIfExistsAsync(pk, row.RowKey, cancellationToken) ?? throw new InvalidOperationException("The shout-out disappeared.");
            }
            catch (TableETagMismatchException)
            {
                // Not counted: take the person's row back so their next click counts, rather than leave a +1 the total lacks.
                await _table.DeleteEntityAsync(pk, personKey, Azure.ETag.All, cancellationToken);
                throw;
            }
        }
    }

    /// <summary>Records a manager's thanks once; false when they thanked this recipient for this shout-out already.</summary>
    public async Task<bool> TryAddThanksAsync(string tenantId, ShoutOutRef reference, string recipientId, string managerId, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var key = $"t|{TableKeys.ToSafeKey(reference.Id)}|{TableKeys.ToSafeKey(recipientId)}|{TableKeys.ToSafeKey(managerId)}";
        try
        {
            await _table.AddEntityAsync(new TableEntity(Partition(tenantId, reference.Month), key), cancellationToken);
            return true;
        }
        catch (TableStorageException ex) when (ex.IsAlreadyExists)
        {
            return false;
        }
    }

    /// <summary>Every shout-out given in one month of a tenant.</summary>
    public async IAsyncEnumerable<ShoutOut> ListMonthAsync(string tenantId, string month, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var pk = Partition(tenantId, month);
        await foreach (var e in _table.QueryAsync(TableFilter.Create($"PartitionKey eq {pk} and RowKey ge {"s|"} and RowKey lt {"s}"}"), cancellationToken))
        {
            yield return FromEntity(tenantId, e);
        }
    }

    private static string ShoutOutKey(string id) => "s|" + TableKeys.ToSafeKey(id);

    /// <summary>The shout-out's row (public for bulk loads that must write exactly what the store writes).</summary>
    public static TableEntity Row(ShoutOut s) => new(Partition(s.TenantId, s.Month), ShoutOutKey(s.Id))
    {
        ["Id"] = s.Id,
        ["GiverId"] = s.GiverId,
        ["GiverName"] = s.GiverName,
        ["Recipients"] = JsonSerializer.Serialize(s.Recipients, RecognitionJson.Default.IReadOnlyListRecipient),
        ["Behaviour"] = JsonSerializer.Serialize(s.Behaviour, RecognitionJson.Default.Behaviour),
        ["Message"] = s.Message,
        ["GivenAt"] = s.GivenAt,
        ["PlusOnes"] = s.PlusOnes,
    };

    private static ShoutOut FromEntity(string tenantId, TableEntity e) => new(
        e.GetString("Id") ?? "",
        tenantId,
        e.GetString("GiverId") ?? "",
        e.GetString("GiverName") ?? "",
        JsonSerializer.Deserialize(e.GetString("Recipients") ?? "[]", RecognitionJson.Default.IReadOnlyListRecipient) ?? [],
        JsonSerializer.Deserialize(e.GetString("Behaviour") ?? "{}", RecognitionJson.Default.Behaviour) ?? new Behaviour("", "", ""),
        e.GetString("Message") ?? "",
        e.GetDateTimeOffset("GivenAt") ?? DateTimeOffset.MinValue,
        e.GetInt32("PlusOnes") ?? 0);
}
