using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;

namespace CxBot.Storage;

/// <summary>Reads and writes the entities of one table, with ETags for every conditional write.</summary>
public sealed class TableClient
{
    /// <summary>The service returns at most this many entities per page.</summary>
    public const int MaxPageSize = 1000;

    private static readonly HttpMethod Merge = new("MERGE");
    private readonly TableServiceClient _service;

    internal TableClient(TableServiceClient service, string name)
    {
        _service = service;
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
        var body = Encode(entity);
        using var response = await SendAsync(() => WithNoContent(_service.Request(HttpMethod.Post, "/" + Name, body)), cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return ReadETag(response);
    }

    /// <summary>Reads one entity, or null when it does not exist.</summary>
    /// <exception cref="TableStorageException">The service refused for another reason.</exception>
    public async Task<TableEntity?> GetEntityIfExistsAsync(string partitionKey, string rowKey, IEnumerable<string>? select, CancellationToken cancellationToken)
    {
        var path = EntityPath(partitionKey, rowKey) + SelectQuery(select, "?");
        using var response = await SendAsync(() => _service.Request(HttpMethod.Get, path), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureSuccessAsync(response, cancellationToken);
        using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        return TableEntityJson.Decode(doc.RootElement, RawETag(response));
    }

    /// <summary>Reads one entity, or null when it does not exist.</summary>
    public Task<TableEntity?> GetEntityIfExistsAsync(string partitionKey, string rowKey, CancellationToken cancellationToken) =>
        GetEntityIfExistsAsync(partitionKey, rowKey, null, cancellationToken);

    /// <summary>Writes the entity whether or not it exists (unconditional), merging or replacing; returns the new ETag.</summary>
    public async Task<ETag> UpsertEntityAsync(TableEntity entity, TableUpdateMode mode, CancellationToken cancellationToken)
    {
        var body = Encode(entity);
        var path = EntityPath(entity.PartitionKey, entity.RowKey);
        using var response = await SendAsync(() => _service.Request(MethodFor(mode), path, body), cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return ReadETag(response);
    }

    /// <summary>Updates an existing entity only if it still has <paramref name="ifMatch"/>; returns the new ETag.</summary>
    /// <exception cref="TableETagMismatchException">Someone else changed it since it was read.</exception>
    /// <exception cref="TableStorageException">Status 404 when it no longer exists; other refusals.</exception>
    public async Task<ETag> UpdateEntityAsync(TableEntity entity, ETag ifMatch, TableUpdateMode mode, CancellationToken cancellationToken)
    {
        RequireETag(ifMatch);
        var body = Encode(entity);
        var path = EntityPath(entity.PartitionKey, entity.RowKey);
        using var response = await SendAsync(() => WithIfMatch(_service.Request(MethodFor(mode), path, body), ifMatch), cancellationToken);
        await EnsureSuccessAsync(response, cancellationToken);
        return ReadETag(response);
    }

    /// <summary>Deletes an entity if it still has <paramref name="ifMatch"/> (<see cref="ETag.All"/> deletes unconditionally); false when it was already gone.</summary>
    /// <exception cref="TableETagMismatchException">Someone else changed it since it was read.</exception>
    public async Task<bool> DeleteEntityAsync(string partitionKey, string rowKey, ETag ifMatch, CancellationToken cancellationToken)
    {
        RequireETag(ifMatch);
        var path = EntityPath(partitionKey, rowKey);
        using var response = await SendAsync(() => WithIfMatch(_service.Request(HttpMethod.Delete, path), ifMatch), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureSuccessAsync(response, cancellationToken);
        return true;
    }

    /// <summary>
    /// Streams the entities matching <paramref name="filter"/> (all when null), following continuation tokens page by page.
    /// <paramref name="maxPerPage"/> sizes each page (at most 1,000); it does not limit the total.
    /// </summary>
    public async IAsyncEnumerable<TableEntity> QueryAsync(
        TableFilter? filter,
        int? maxPerPage,
        IEnumerable<string>? select,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (maxPerPage is < 1 or > MaxPageSize)
        {
            throw new ArgumentOutOfRangeException(nameof(maxPerPage), maxPerPage, $"A page holds 1 to {MaxPageSize} entities.");
        }

        var query = "/" + Name + "()?" + string.Join('&', QueryParts(filter, maxPerPage, select));
        string? nextPartition = null, nextRow = null;
        var first = true;
        while (first || nextPartition is not null)
        {
            first = false;
            var url = query + (nextPartition is null ? "" : "&NextPartitionKey=" + Uri.EscapeDataString(nextPartition) + (nextRow is null ? "" : "&NextRowKey=" + Uri.EscapeDataString(nextRow)));
            List<TableEntity> page;
            using (var response = await SendAsync(() => _service.Request(HttpMethod.Get, url), cancellationToken))
            {
                await EnsureSuccessAsync(response, cancellationToken);
                nextPartition = Header(response, "x-ms-continuation-NextPartitionKey");
                nextRow = Header(response, "x-ms-continuation-NextRowKey");
                using var doc = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
                page = [.. doc.RootElement.GetProperty("value").EnumerateArray().Select(e => TableEntityJson.Decode(e))];
            }

            foreach (var entity in page)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return entity;
            }
        }
    }

    /// <summary>Streams the entities matching <paramref name="filter"/>, following continuation tokens.</summary>
    public IAsyncEnumerable<TableEntity> QueryAsync(TableFilter filter, CancellationToken cancellationToken) =>
        QueryAsync(filter, null, null, cancellationToken);

    /// <summary>
    /// Applies up to 100 actions on one partition atomically: all are written or none.
    /// Returns each action's new ETag (empty for deletes), in order.
    /// </summary>
    /// <exception cref="ArgumentException">No actions, more than 100, several partitions, a row twice, or a body over 4 MiB.</exception>
    /// <exception cref="TableTransactionFailedException">The service rejected one action; <see cref="TableTransactionFailedException.FailedActionIndex"/> says which.</exception>
    public async Task<IReadOnlyList<ETag>> SubmitTransactionAsync(IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var list = actions.ToList();
        var batch = TableBatch.Encode(_service.Endpoint, Name, list);
        using var response = await SendAsync(
            () =>
            {
                var request = _service.Request(HttpMethod.Post, "/$batch");
                request.Content = new ByteArrayContent(batch.Body);
                request.Content.Headers.TryAddWithoutValidation("Content-Type", "multipart/mixed; boundary=" + batch.Boundary);
                return request;
            },
            cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            var error = await TableTransport.ErrorAsync(response, cancellationToken);
            throw new TableTransactionFailedException(error.Status, error.ErrorCode, error.Message, null);
        }

        var contentType = response.Content.Headers.ContentType?.ToString() ?? "";
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return TableBatch.DecodeResponse(contentType, text, list.Count);
    }

    private static byte[] Encode(TableEntity entity)
    {
        ArgumentNullException.ThrowIfNull(entity);
        return TableEntityJson.Encode(entity);
    }

    private Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> create, CancellationToken cancellationToken) =>
        _service.Transport.SendAsync(create, cancellationToken);

    internal static string EntityKeyPath(string table, string partitionKey, string rowKey)
    {
        TableKeys.Validate(partitionKey, nameof(partitionKey));
        TableKeys.Validate(rowKey, nameof(rowKey));
        return $"/{table}(PartitionKey='{EscapeKey(partitionKey)}',RowKey='{EscapeKey(rowKey)}')";
    }

    private string EntityPath(string partitionKey, string rowKey) => EntityKeyPath(Name, partitionKey, rowKey);

    private static string EscapeKey(string key) => Uri.EscapeDataString(key.Replace("'", "''", StringComparison.Ordinal));

    private static IEnumerable<string> QueryParts(TableFilter? filter, int? top, IEnumerable<string>? select)
    {
        if (filter is { } f)
        {
            yield return "$filter=" + Uri.EscapeDataString(f.Text);
        }

        if (top is { } t)
        {
            yield return "$top=" + t.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var selectPart = SelectQuery(select, "");
        if (selectPart.Length > 0)
        {
            yield return selectPart;
        }
    }

    private static string SelectQuery(IEnumerable<string>? select, string lead)
    {
        if (select is null)
        {
            return "";
        }

        var names = select.ToList();
        foreach (var name in names)
        {
            if (name is not ("PartitionKey" or "RowKey" or "Timestamp"))
            {
                TableValues.ValidatePropertyName(name);
            }
        }

        return names.Count == 0 ? "" : lead + "$select=" + Uri.EscapeDataString(string.Join(',', names));
    }

    private static HttpMethod MethodFor(TableUpdateMode mode) => mode == TableUpdateMode.Replace ? HttpMethod.Put : Merge;

    private static void RequireETag(ETag ifMatch)
    {
        if (ifMatch == default)
        {
            throw new ArgumentException("A conditional write needs the ETag that was read; pass ETag.All to write unconditionally on purpose.", nameof(ifMatch));
        }
    }

    private static HttpRequestMessage WithNoContent(HttpRequestMessage request)
    {
        request.Headers.TryAddWithoutValidation("Prefer", "return-no-content");
        return request;
    }

    private static HttpRequestMessage WithIfMatch(HttpRequestMessage request, ETag ifMatch)
    {
        // Sent raw: HttpClient's parsed form drops the W/ of a weak ETag, which Azurite then rejects.
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch.ToString());
        return request;
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await TableTransport.ErrorAsync(response, cancellationToken);
        }
    }

    private static ETag ReadETag(HttpResponseMessage response) => RawETag(response) is { } raw ? new ETag(raw) : default;

    private static string? RawETag(HttpResponseMessage response) => Header(response, "ETag");

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.NonValidated.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
