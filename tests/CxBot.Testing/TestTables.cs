using CxBot.Storage;

namespace CxBot.Testing;

/// <summary>Builds table clients against a test server, each with its own table prefix so runs never collide.</summary>
public static class TestTables
{
    /// <summary>A service client for an Azurite-style endpoint signed with the development key; <paramref name="inner"/> answers instead of the network when given.</summary>
    public static TableServiceClient CreateService(Uri endpoint, string? prefix = null, Action<TableServiceOptionsBuilder>? configure = null, HttpMessageHandler? inner = null)
    {
        var builder = new TableServiceOptionsBuilder(endpoint, prefix ?? UniquePrefix());
        configure?.Invoke(builder);
        var options = builder.Build();
        var client = new HttpClient(inner ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }, disposeHandler: false);
        return new TableServiceClient(client, options);
    }

    /// <summary>A short unique table prefix (letters and digits).</summary>
    public static string UniquePrefix() => "t" + Guid.NewGuid().ToString("N")[..10];
}

/// <summary>Mutable options for tests, turned into <see cref="TableServiceOptions"/>.</summary>
public sealed class TableServiceOptionsBuilder(Uri endpoint, string prefix)
{
    /// <summary>Retries after the first attempt.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>First retry delay.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>Per-attempt timeout.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Per-call timeout.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    internal TableServiceOptions Build() => new()
    {
        Endpoint = endpoint,
        SharedKey = new Azure.Data.Tables.TableSharedKeyCredential(TableConnection.DevelopmentAccountName, TableConnection.DevelopmentAccountKey),
        TablePrefix = prefix,
        MaxRetries = MaxRetries,
        RetryDelay = RetryDelay,
        AttemptTimeout = AttemptTimeout,
        OperationTimeout = OperationTimeout,
    };
}
