using Azure;
using Sdk = Azure.Data.Tables;

namespace CxBot.Storage;

/// <summary>Reads and writes the entities of one table through Azure.Data.Tables, with ETags for every conditional write.</summary>
public sealed class TableClient
{
    /// <summary>The service returns at most this many entities per page.</summary>
    public const int MaxPageSize = 1000;

    private readonly TableServiceClient _service;
    private readonly Sdk.TableClient _table;

    internal TableClient(TableServiceClient service, Sdk.TableClient table, string name)
    {
        _service = service;
        _table = table;
        Name = name;
    }

    /// <summary>The table's full name, prefix included.</summary>
    public string Name { get; }

    /// <summary>Creates the table if it does not exist; after the first success in this process it costs nothing.</summary>
    /// <exception cref="TableStorageException">The service refused.</exception>
    public Task CreateIfNotExistsAsync(CancellationToken cancellationToken) => _service.EnsureTableAsync(Name, cancellationToken);

    /// <summary>Inserts a new entity and returns its ETag.</summary>
    /// <exception cref="TableStorageException">Status 409 (<see cref="TableErrorCodes.EntityAlreadyExists"/>) when the keys are taken; other refusals.</exception>
    public async Task<ETag> AddEntityAsync(TableEntity entity, CancellationToken cancellationToken)
    {
        var sdk = TableEntities.ToSdk(entity);
        var response = await _service.CallAsync(ct => _table.AddEntityAsync(sdk, ct), cancellationToken);
        return response.Headers.ETag ?? default;
    }

    /// <summary>Reads one entity, or null when it does not exist.</summary>
    /// <exception cref="TableStorageException">The service refused for another reason.</exception>
    public async Task<TableEntity?> GetEntityIfExistsAsync(string partitionKey, string rowKey, IEnumerable<string>? select, CancellationToken cancellationToken)
    {
        TableKeys.Validate(partitionKey, nameof(partitionKey));
        TableKeys.Validate(rowKey, nameof(rowKey));
        var columns = Select(select);
        var response = await _service.CallAsync(ct => _table.GetEntityIfExistsAsync<Sdk.TableEntity>(partitionKey, rowKey, columns, ct), cancellationToken);
        return response.HasValue ? TableEntities.FromSdk(response.Value!) : null;
    }

    /// <summary>Reads one entity, or null when it does not exist.</summary>
    public Task<TableEntity?> GetEntityIfExistsAsync(string partitionKey, string rowKey, CancellationToken cancellationToken) =>
        GetEntityIfExistsAsync(partitionKey, rowKey, null, cancellationToken);

    /// <summary>Writes the entity whether or not it exists (unconditional), merging or replacing; returns the new ETag.</summary>
    public async Task<ETag> UpsertEntityAsync(TableEntity entity, TableUpdateMode mode, CancellationToken cancellationToken)
    {
        var sdk = TableEntities.ToSdk(entity);
        var response = await _service.CallAsync(ct => _table.UpsertEntityAsync(sdk, SdkMode(mode), ct), cancellationToken);
        return response.Headers.ETag ?? default;
    }

    /// <summary>Updates an existing entity only if it still has <paramref name="ifMatch"/>; returns the new ETag.</summary>
    /// <exception cref="TableETagMismatchException">Someone else changed it since it was read.</exception>
    /// <exception cref="TableStorageException">Status 404 when it no longer exists; other refusals.</exception>
    public async Task<ETag> UpdateEntityAsync(TableEntity entity, ETag ifMatch, TableUpdateMode mode, CancellationToken cancellationToken)
    {
        RequireETag(ifMatch);
        var sdk = TableEntities.ToSdk(entity);
        var response = await _service.CallAsync(ct => _table.UpdateEntityAsync(sdk, ifMatch, SdkMode(mode), ct), cancellationToken);
        return response.Headers.ETag ?? default;
    }

    /// <summary>Deletes an entity if it still has <paramref name="ifMatch"/> (<see cref="ETag.All"/> deletes unconditionally); false when it was already gone.</summary>
    /// <exception cref="ArgumentException">No ETag: the SDK would take a default ETag as "any version", so CxBot asks for <see cref="ETag.All"/> on purpose.</exception>
    /// <exception cref="TableETagMismatchException">Someone else changed it since it was read.</exception>
    public async Task<bool> DeleteEntityAsync(string partitionKey, string rowKey, ETag ifMatch, CancellationToken cancellationToken)
    {
        RequireETag(ifMatch);
        TableKeys.Validate(partitionKey, nameof(partitionKey));
        TableKeys.Validate(rowKey, nameof(rowKey));
        try
        {
            var response = await _service.CallAsync(ct => _table.DeleteEntityAsync(partitionKey, rowKey, ifMatch, ct), cancellationToken);
            return response.Status != 404;
        }
        catch (TableStorageException e) when (e.IsNotFound)
        {
            return false;
        }
    }

    /// <summary>
    /// Streams the entities matching <paramref name="filter"/> (all when null), following continuation tokens page by page.
    /// <paramref name="maxPerPage"/> sizes each page (at most 1,000); it does not limit the total.
    /// </summary>
    public IAsyncEnumerable<TableEntity> QueryAsync(
        TableFilter? filter,
        int? maxPerPage,
        IEnumerable<string>? select,
        CancellationToken cancellationToken)
    {
        if (maxPerPage is < 1 or > MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPerPage), maxPerPage, $"A page holds 1 to {MaxPageSize} entities.");
        }

        var text = filter?.Text;
        var columns = Select(select);
        return _service.PagedAsync(
            (continuation, ct) => _table.QueryAsync<Sdk.TableEntity>(text, maxPerPage, columns, ct).AsPages(continuation, maxPerPage),
            TableEntities.FromSdk,
            cancellationToken);
    }

    /// <summary>Streams the entities matching <paramref name="filter"/>, following continuation tokens.</summary>
    public IAsyncEnumerable<TableEntity> QueryAsync(TableFilter filter, CancellationToken cancellationToken) =>
        QueryAsync(filter, null, null, cancellationToken);

    /// <summary>
    /// Applies up to 100 actions on one partition atomically: all are written or none.
    /// Returns each action's new ETag (empty for deletes), in order.
    /// </summary>
    /// <exception cref="ArgumentException">No actions, more than 100, several partitions, a row twice, or an update or delete without an ETag.</exception>
    /// <exception cref="TableTransactionFailedException">The service rejected one action; <see cref="TableTransactionFailedException.FailedActionIndex"/> says which.</exception>
    public async Task<IReadOnlyList<ETag>> SubmitTransactionAsync(IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var sdk = TableBatch.ToSdk([.. actions]);
        Azure.Response<IReadOnlyList<Azure.Response>> response;
        try
        {
            response = await _service.CallAsync(ct => _table.SubmitTransactionAsync(sdk, ct), cancellationToken);
        }
        catch (TableStorageException e) when (e is not TableTransactionFailedException && e.ErrorCode is not (TableErrorCodes.ClientTimeout or TableErrorCodes.ServiceUnreachable))
        {
            // The service answered the batch as a whole with an error (not one action in it): still a failed transaction, nothing written.
            throw new TableTransactionFailedException(e.Status, e.ErrorCode, e.Message, null);
        }

        return [.. response.Value.Select(r => r.Headers.ETag ?? default)];
    }

    private static Sdk.TableUpdateMode SdkMode(TableUpdateMode mode) => mode == TableUpdateMode.Replace ? Sdk.TableUpdateMode.Replace : Sdk.TableUpdateMode.Merge;

    private static List<string>? Select(IEnumerable<string>? select)
    {
        if (select is null)
        {
            return null;
        }

        var names = select.ToList();
        foreach (var name in names)
        {
            if (name is not ("PartitionKey" or "RowKey" or "Timestamp"))
            {
                TableValues.ValidatePropertyName(name);
            }
        }

        return names.Count == 0 ? null : names;
    }

    private static void RequireETag(ETag ifMatch)
    {
        if (ifMatch == default)
        {
            throw new ArgumentException("A conditional write needs the ETag that was read; pass ETag.All to write unconditionally on purpose.", nameof(ifMatch));
        }
    }
}
