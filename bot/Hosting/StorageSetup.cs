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
            .ValidateOnStart();

        services.AddHttpClient(HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                MaxConnectionsPerServer = sp.GetRequiredService<IOptions<StorageOptions>>().Value.MaxConnections,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddHttpMessageHandler(sp => CreateAuthHandler(sp.GetRequiredService<IOptions<StorageOptions>>().Value, TimeProvider.System));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            var factory = sp.GetRequiredService<IHttpClientFactory>();
            // Timeouts, back-off, request dates and token lifetimes are about the network: they run on the real clock, never on
            // the application's clock (a test that moves its clock by hours must not time out a request in flight).
            return new TableServiceClient(
                () => factory.CreateClient(HttpClientName),
                ToServiceOptions(options),
                TimeProvider.System,
                sp.GetRequiredService<ILogger<TableServiceClient>>());
        });
    }

    public static TableServiceOptions ToServiceOptions(StorageOptions options) => new()
    {
        Endpoint = options.TableServiceUri ?? TableConnection.Parse(options.ConnectionString ?? DevelopmentStorage).Endpoint,
        TablePrefix = options.TablePrefix,
        MaxRetries = options.MaxRetries,
        RetryDelay = options.RetryDelay,
        AttemptTimeout = options.AttemptTimeout,
        OperationTimeout = options.OperationTimeout,
    };

    private static DelegatingHandler CreateAuthHandler(StorageOptions options, TimeProvider time)
    {
        if (options.TableServiceUri is not null)
        {
            TokenCredential credential = string.IsNullOrWhiteSpace(options.ManagedIdentityClientId)
                ? new DefaultAzureCredential()
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ManagedIdentityClientId));
            return new BearerTokenHandler(credential, time);
        }

        var connection = TableConnection.Parse(options.ConnectionString ?? DevelopmentStorage);
        return new SharedKeyLiteHandler(connection.AccountName, connection.AccountKey, time);
    }

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
