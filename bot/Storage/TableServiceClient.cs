using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CxBot.Storage;

/// <summary>The account-level entry point: hands out <see cref="TableClient"/>s and remembers which tables this process has created.</summary>
public sealed class TableServiceClient
{
    internal const string JsonMediaType = "application/json";
    internal const string AcceptMetadata = "application/json;odata=minimalmetadata";
    internal const string ServiceVersion = "2020-12-06";

    private readonly ConcurrentDictionary<string, Lazy<Task>> _created = new(StringComparer.OrdinalIgnoreCase);
    private readonly TableTransport _pingTransport;

    /// <summary>Creates the client. <paramref name="httpClient"/> is called per request so a factory can rotate handlers; it must sign requests.</summary>
    /// <exception cref="ArgumentException">The table prefix is not letters and digits starting with a letter.</exception>
    public TableServiceClient(Func<HttpClient> httpClient, TableServiceOptions options, TimeProvider time, ILogger<TableServiceClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        if (!TableNames.IsValidPrefix(options.TablePrefix))
        {
            throw new ArgumentException($"The table prefix '{options.TablePrefix}' must be letters and digits, starting with a letter.", nameof(options));
        }

        Options = options;
        Logger = logger ?? (ILogger)NullLogger.Instance;
        Transport = new TableTransport(httpClient, options, time, Logger);
        _pingTransport = new TableTransport(httpClient, options with { MaxRetries = 0, AttemptTimeout = TimeSpan.FromSeconds(2), OperationTimeout = TimeSpan.FromSeconds(3) }, time, Logger);
        Endpoint = options.Endpoint.ToString().TrimEnd('/');
    }

    /// <summary>The options in force.</summary>
    public TableServiceOptions Options { get; }

    internal string Endpoint { get; }

    internal TableTransport Transport { get; }

    internal ILogger Logger { get; }

    /// <summary>A client for one table; <paramref name="name"/> gets the configured prefix.</summary>
    /// <exception cref="ArgumentException">The prefixed name is not a valid table name.</exception>
    public TableClient GetTableClient(string name)
    {
        var fullName = Options.TablePrefix + name;
        TableNames.Validate(fullName);
        return new TableClient(this, fullName);
    }

    /// <summary>Asks the service for one table name, once, with a short timeout and no retries: true when it answers.</summary>
    /// <exception cref="TableStorageException">The service did not answer, or answered with an error.</exception>
    public async Task PingAsync(CancellationToken cancellationToken)
    {
        using var response = await _pingTransport.SendAsync(() => Request(HttpMethod.Get, "/Tables?$top=1"), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw await TableTransport.ErrorAsync(response, cancellationToken);
        }
    }

    /// <summary>Lists the tables whose names start with <paramref name="prefix"/> (the configured prefix is not added).</summary>
    public async IAsyncEnumerable<string> QueryTablesAsync(string prefix, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? next = null;
        do
        {
            // Names sort as text, so a prefix is a range: [prefix, prefix + '{').
            var filter = TableFilter.Create($"TableName ge {prefix} and TableName lt {prefix + "{"}");
            var query = "/Tables?$filter=" + Uri.EscapeDataString(filter.Text) + (next is null ? "" : "&NextTableName=" + Uri.EscapeDataString(next));
            using var response = await Transport.SendAsync(() => Request(HttpMethod.Get, query), cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw await TableTransport.ErrorAsync(response, cancellationToken);
            }

            next = response.Headers.TryGetValues("x-ms-continuation-NextTableName", out var values) ? values.FirstOrDefault() : null;
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
            foreach (var table in doc.RootElement.GetProperty("value").EnumerateArray())
            {
                yield return table.GetProperty("TableName").GetString()!;
            }
        }
        while (next is not null);
    }

    /// <summary>Deletes a table by its full name (prefix included); true when it existed.</summary>
    public async Task<bool> DeleteTableAsync(string fullName, CancellationToken cancellationToken)
    {
        TableNames.Validate(fullName);
        using var response = await Transport.SendAsync(() => Request(HttpMethod.Delete, $"/Tables('{fullName}')"), cancellationToken);
        _created.TryRemove(fullName, out _);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await TableTransport.ErrorAsync(response, cancellationToken);
        }

        return true;
    }

    internal Task EnsureTableAsync(string fullName, CancellationToken cancellationToken)
    {
        var lazy = _created.GetOrAdd(fullName, name => new Lazy<Task>(() => CreateTableAsync(name)));
        var task = lazy.Value;
        if (task.IsFaulted || task.IsCanceled)
        {
            // A failed attempt is not remembered: the next caller tries again.
            _created.TryRemove(new KeyValuePair<string, Lazy<Task>>(fullName, lazy));
        }

        return task.WaitAsync(cancellationToken);
    }

    internal HttpRequestMessage Request(HttpMethod method, string pathAndQuery, byte[]? json = null)
    {
        var request = new HttpRequestMessage(method, Endpoint + pathAndQuery);
        request.Headers.TryAddWithoutValidation("x-ms-version", ServiceVersion);
        request.Headers.TryAddWithoutValidation("Accept", AcceptMetadata);
        request.Headers.TryAddWithoutValidation("DataServiceVersion", "3.0;NetFx");
        request.Headers.TryAddWithoutValidation("MaxDataServiceVersion", "3.0;NetFx");
        if (json is not null)
        {
            request.Content = new ByteArrayContent(json);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(JsonMediaType);
        }

        return request;
    }

    private async Task CreateTableAsync(string fullName)
    {
        // Not tied to one caller's token: other callers share this task.
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, string> { ["TableName"] = fullName }));
        using var response = await Transport.SendAsync(
            () =>
            {
                var request = Request(HttpMethod.Post, "/Tables", body);
                request.Headers.TryAddWithoutValidation("Prefer", "return-no-content");
                return request;
            },
            CancellationToken.None);
        if (!response.IsSuccessStatusCode)
        {
            var error = await TableTransport.ErrorAsync(response, CancellationToken.None);
            if (error.ErrorCode != TableErrorCodes.TableAlreadyExists)
            {
                throw error;
            }
        }

        Log.TableReady(Logger, fullName);
    }
}
