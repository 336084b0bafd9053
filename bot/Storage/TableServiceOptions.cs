namespace CxBot.Storage;

/// <summary>How a <see cref="TableServiceClient"/> reaches the service and how hard it tries.</summary>
public sealed record TableServiceOptions
{
    /// <summary>The Table service endpoint, for example <c>https://acct.table.core.windows.net</c> or Azurite's <c>http://127.0.0.1:10002/devstoreaccount1</c>.</summary>
    public required Uri Endpoint { get; init; }

    /// <summary>Signs requests with the account key (a connection string; Azurite). Set this or <see cref="Token"/>.</summary>
    public Azure.Data.Tables.TableSharedKeyCredential? SharedKey { get; init; }

    /// <summary>Signs requests with an Entra ID token (a managed identity in Azure); the endpoint must be https.</summary>
    public Azure.Core.TokenCredential? Token { get; init; }

    /// <summary>Prepended to every table name so environments and test runs never share a table.</summary>
    public string TablePrefix { get; init; } = "";

    /// <summary>Retries after the first attempt for transient faults (the SDK's retry policy: 408, 429, 500, 502, 503, 504, network faults).</summary>
    public int MaxRetries { get; init; } = 4;

    /// <summary>The first back-off delay; later ones grow exponentially, with jitter.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long one HTTP attempt may take (the SDK's network timeout).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one call (or one page of a query) may take, retries included.</summary>
    public TimeSpan OperationTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
