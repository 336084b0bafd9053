using Azure.Core;
using Azure.Identity;
using CxBot.Storage;
using Microsoft.Extensions.Options;

namespace CxBot.Hosting;

/// <summary>Wires the table client from configuration: a connection string (Azurite by default) or an endpoint with a managed identity.</summary>
internal static class StorageSetup
{
    public const string HttpClientName = "CxBot.Tables";
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    public static void AddCxBotStorage(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<StorageOptions>()
            .Bind(builder.Configuration.GetSection(StorageOptions.Section))
            .Configure(o => o.ConnectionString = NullIfBlank(builder.Configuration.GetConnectionString("Storage")))
            .ValidateDataAnnotations()
            .Validate(o => o.TableServiceUri is not null || TryParse(o.ConnectionString ?? DevelopmentStorage, out _), "ConnectionStrings:Storage is not a valid storage connection string.")
            .Validate(o => o.AttemptTimeout <= o.OperationTimeout, "Storage:AttemptTimeout must not exceed Storage:OperationTimeout.")
            .Validate(o => o.TableServiceUri is null || o.TableServiceUri.Scheme == Uri.UriSchemeHttps, "Storage:TableServiceUri must be https: a token is never sent over plain http.")
            .ValidateOnStart();

        services.AddHttpClient(HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                MaxConnectionsPerServer = sp.GetRequiredService<IOptions<StorageOptions>>().Value.MaxConnections,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);

        // Azure.Data.Tables sends through this named client (so its connection limit, and the tests' injected faults, apply),
        // signs, retries and times out each attempt; timeouts, back-off and token lifetimes run on the real clock.
        services.AddSingleton(sp => new TableServiceClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            ToServiceOptions(sp.GetRequiredService<IOptions<StorageOptions>>().Value),
            sp.GetRequiredService<ILogger<TableServiceClient>>()));
    }

    public static TableServiceOptions ToServiceOptions(StorageOptions options)
    {
        var connection = options.TableServiceUri is null ? TableConnection.Parse(options.ConnectionString ?? DevelopmentStorage) : null;
        return new TableServiceOptions
        {
            Endpoint = options.TableServiceUri ?? connection!.Endpoint,
            SharedKey = connection is null ? null : new Azure.Data.Tables.TableSharedKeyCredential(connection.AccountName, Convert.ToBase64String(connection.AccountKey)),
            Token = connection is null ? CreateCredential(options) : null,
            TablePrefix = options.TablePrefix,
            MaxRetries = options.MaxRetries,
            RetryDelay = options.RetryDelay,
            AttemptTimeout = options.AttemptTimeout,
            OperationTimeout = options.OperationTimeout,
        };
    }

    private static TokenCredential CreateCredential(StorageOptions options) =>
        string.IsNullOrWhiteSpace(options.ManagedIdentityClientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ManagedIdentityClientId));

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static bool TryParse(string connectionString, out TableConnection? connection)
    {
        try
        {
            connection = TableConnection.Parse(connectionString);
            return true;
        }
        catch (FormatException)
        {
            connection = null;
            return false;
        }
    }
}
