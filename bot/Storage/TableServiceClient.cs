using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sdk = Azure.Data.Tables;

namespace CxBot.Storage;

/// <summary>
/// The account-level entry point, on Azure.Data.Tables: hands out <see cref="TableClient"/>s with the table prefix, remembers which
/// tables this process has created, and bounds every call by <see cref="TableServiceOptions.OperationTimeout"/>.
/// </summary>
public sealed class TableServiceClient
{
    private readonly ConcurrentDictionary<string, Lazy<Task>> _created = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Sdk.TableClient> _tables = new(StringComparer.Ordinal);
    private readonly Sdk.TableServiceClient _service;
    private readonly Sdk.TableServiceClient _ping;

    /// <summary>Creates the client. Requests go through <paramref name="httpClient"/>; the SDK signs them with the options' credential.</summary>
    /// <exception cref="ArgumentException">The table prefix is not letters and digits starting with a letter, no credential is given, or a token would go over plain http.</exception>
    public TableServiceClient(HttpClient httpClient, TableServiceOptions options, ILogger<TableServiceClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        if (!TableNames.IsValidPrefix(options.TablePrefix))
        {
            throw new ArgumentException($"The table prefix '{options.TablePrefix}' must be letters and digits, starting with a letter.", nameof(options));
        }

        Options = options;
        Logger = logger ?? (ILogger)NullLogger.Instance;
        var transport = new HttpClientTransport(httpClient);
        _service = Create(options, SdkOptions(options, transport, Logger));
        _ping = Create(
            options,
            SdkOptions(options with { MaxRetries = 0, AttemptTimeout = TimeSpan.FromSeconds(2) }, transport, Logger));
    }

    /// <summary>The options in force.</summary>
    public TableServiceOptions Options { get; }

    internal ILogger Logger { get; }

    /// <summary>A client for one table; <paramref name="name"/> gets the configured prefix.</summary>
    /// <exception cref="ArgumentException">The prefixed name is not a valid table name.</exception>
    public TableClient GetTableClient(string name)
    {
        var fullName = Options.TablePrefix + name;
        TableNames.Validate(fullName);
        return new TableClient(this, _tables.GetOrAdd(fullName, _service.GetTableClient), fullName);
    }

    /// <summary>Asks the service for one table name, once, with a short timeout and no retries.</summary>
    /// <exception cref="TableStorageException">The service did not answer, or answered with an error.</exception>
    public Task PingAsync(CancellationToken cancellationToken) =>
        CallAsync(
            async ct =>
            {
                await foreach (var page in _ping.QueryAsync(filter: (string?)null, maxPerPage: 1, cancellationToken: ct).AsPages(pageSizeHint: 1))
                {
                    return page.Values.Count;
                }

                return 0;
            },
            TimeSpan.FromSeconds(3),
            cancellationToken);

    /// <summary>Lists the tables whose names start with <paramref name="prefix"/> (the configured prefix is not added).</summary>
    public IAsyncEnumerable<string> QueryTablesAsync(string prefix, CancellationToken cancellationToken)
    {
        // Names sort as text, so a prefix is a range: [prefix, prefix + '{').
        var filter = TableFilter.Create($"TableName ge {prefix} and TableName lt {prefix + "{"}").Text;
        return PagedAsync((continuation, ct) => _service.QueryAsync(filter, cancellationToken: ct).AsPages(continuation), t => t.Name, cancellationToken);
    }

    /// <summary>Deletes a table by its full name (prefix included); true when it existed.</summary>
    public async Task<bool> DeleteTableAsync(string fullName, CancellationToken cancellationToken)
    {
        TableNames.Validate(fullName);
        _created.TryRemove(fullName, out _);
        try
        {
            var response = await CallAsync(ct => _service.DeleteTableAsync(fullName, ct), cancellationToken);
            return response.Status != 404;
        }
        catch (TableStorageException e) when (e.IsNotFound)
        {
            return false;
        }
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

    /// <summary>Runs one SDK call within <see cref="TableServiceOptions.OperationTimeout"/>, its faults turned into <see cref="TableStorageException"/>s.</summary>
    internal Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
        CallAsync(call, Options.OperationTimeout, cancellationToken);

    /// <summary>Streams the items of a paged SDK query, each page one call (its own timeout and retries), cancellation checked item by item.</summary>
    internal async IAsyncEnumerable<TOut> PagedAsync<TIn, TOut>(
        Func<string?, CancellationToken, IAsyncEnumerable<Page<TIn>>> pages,
        Func<TIn, TOut> convert,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where TIn : notnull
    {
        string? continuation = null;
        do
        {
            var from = continuation;
            var page = await CallAsync(
                async ct =>
                {
                    await foreach (var first in pages(from, ct))
                    {
                        return first;
                    }

                    return null;
                },
                cancellationToken);
            if (page is null)
            {
                yield break;
            }

            continuation = page.ContinuationToken;
            foreach (var item in page.Values)
            {
                // The SDK looks at the token only between pages; a caller that stops reading stops here.
                cancellationToken.ThrowIfCancellationRequested();
                yield return convert(item);
            }
        }
        while (!string.IsNullOrEmpty(continuation));
    }

    private static async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            return await call(bounded.Token);
        }
        catch (Exception e) when (TableFaults.Translate(e, cancellationToken) is { } translated)
        {
            throw translated;
        }
    }

    private async Task CreateTableAsync(string fullName)
    {
        // Not tied to one caller's token: other callers share this task.
        await CallAsync(ct => _service.CreateTableIfNotExistsAsync(fullName, ct), CancellationToken.None);
        Log.TableReady(Logger, fullName);
    }

    private static Sdk.TableServiceClient Create(TableServiceOptions options, Sdk.TableClientOptions sdkOptions)
    {
        if (options.SharedKey is { } key)
        {
            return new Sdk.TableServiceClient(options.Endpoint, key, sdkOptions);
        }

        if (options.Token is { } token)
        {
            if (options.Endpoint.Scheme != Uri.UriSchemeHttps)
            {
                throw new ArgumentException("A token is sent over https only: the table endpoint must start with https://.", nameof(options));
            }

            return new Sdk.TableServiceClient(options.Endpoint, token, sdkOptions);
        }

        throw new ArgumentException("The table service needs a credential: a shared key (connection string) or a token.", nameof(options));
    }

    private static Sdk.TableClientOptions SdkOptions(TableServiceOptions options, HttpPipelineTransport transport, ILogger logger)
    {
        var sdk = new Sdk.TableClientOptions { Transport = transport };
        sdk.Retry.Mode = Azure.Core.RetryMode.Exponential;
        sdk.Retry.MaxRetries = options.MaxRetries;
        sdk.Retry.Delay = options.RetryDelay;
        sdk.Retry.MaxDelay = TimeSpan.FromSeconds(10);
        sdk.Retry.NetworkTimeout = options.AttemptTimeout;
        // The SDK's own request logs would put a line per request into the application's logs; CxBot logs the retries itself.
        sdk.Diagnostics.IsLoggingEnabled = false;
        sdk.AddPolicy(new TableRetryLog(logger), HttpPipelinePosition.PerRetry);
        return sdk;
    }
}
