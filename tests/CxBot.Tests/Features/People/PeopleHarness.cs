using CxBot.Features.People;
using CxBot.Features.Setup;
using CxBot.Graph;
using CxBot.Protocol;
using CxBot.Protocol.Connector;
using CxBot.Protocol.References;
using CxBot.Storage;
using CxBot.Testing;
using CxBot.Tests.Graph;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CxBot.Tests.Features.People;

/// <summary>
/// The people directory as registered by <c>AddPeople</c>, on real Azurite tables (own prefix, own tenant), the fake Graph
/// and the fake connector. The directory's clock is a FakeTimeProvider; Graph's retry delays fire at once and are recorded.
/// </summary>
internal sealed class PeopleHarness : IAsyncDisposable
{
    private readonly CxBot.Tests.Hardening.LogCapture _logs = new();

    public const string TeamId = "19:Qx7nP2kR5sV8yB1eH4mJ6tW9zC3fL0gD@thread.tacv2";
    public const string ManifestId = "d2b6f1a4-7c3e-4f59-a8b0-2e4c6d8f0a1b";
    public const string CatalogId = "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d";

    private ServiceProvider _services = null!;

    private PeopleHarness(AzuriteServer azurite)
    {
        Tables = TestTables.CreateService(azurite.Endpoint);
    }

    public string Tenant { get; } = Guid.NewGuid().ToString();

    public TableServiceClient Tables { get; }

    public FakeGraph Graph { get; private set; } = null!;

    public FakeConnector Connector { get; private set; } = null!;

    public FakeTimeProvider Time { get; } = FakeTime.AtMonday();

    public RecordingDelayTimeProvider RetryTime { get; } = new();

    public GraphOptions Settings { get; private set; } = null!;

    public IPeopleDirectory Directory => Get<IPeopleDirectory>();

    /// <summary>Every log message so far (formatted).</summary>
    public IReadOnlyList<string> Logs => [.. _logs.Entries.Select(e => e.Message)];

    public static async Task<PeopleHarness> StartAsync(AzuriteServer azurite, Action<GraphOptions>? configure = null)
    {
        var harness = new PeopleHarness(azurite);
        harness.Graph = await FakeGraph.StartAsync();
        harness.Connector = await FakeConnector.StartAsync();
        var settings = new GraphOptions
        {
            Enabled = true,
            ProactiveInstall = true,
            TeamsAppManifestId = ManifestId,
            ProactiveServiceUrl = new Uri(harness.Connector.ServiceUrl),
            InstallsPerSecond = 2,
            ProfileTtl = TimeSpan.FromHours(12),
            RosterTtl = TimeSpan.FromDays(1),
            UnreachableTtl = TimeSpan.FromDays(1),
            RosterPageSize = 2,
        };
        configure?.Invoke(settings);
        harness.Settings = settings;
        harness._services = harness.Build();
        return harness;
    }

    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    /// <summary>Another instance of the bot on the same tables (nothing shared in memory).</summary>
    public ServiceProvider NewInstance() => Build();

    /// <summary>The bot is in the team: a stored channel reference, as the protocol writes on install.</summary>
    public Task AddTeamReferenceAsync(string teamId = TeamId) => Get<ConversationReferenceStore>().SaveAsync(
        new ConversationReference(ProactiveTarget.Conversation(Tenant, teamId), Connector.ServiceUrl, teamId, "msteams", "28:" + BotApp.AppId, null, teamId, Retired: false), default);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Graph.DisposeAsync();
        await Connector.DisposeAsync();
    }

    private ServiceProvider Build()
    {
        var services = new ServiceCollection();
        services.AddLogging(l => l.ClearProviders().AddProvider(_logs));
        services.AddMemoryCache();
        services.AddSingleton<TimeProvider>(Time);
        services.AddSingleton(Tables);
        // The bot's id (28:<app id>) is the real one; the connector client runs in local mode (the fake connector is plain http on loopback).
        services.AddSingleton(Options.Create(new BotOptions { AppId = BotApp.AppId }));
        services.AddSingleton(new ServiceUrlPolicy(Options.Create(new BotOptions { AppId = "" })));
        services.AddSingleton<IConnectorClient>(sp => new ConnectorClient(new HttpClient(), sp.GetRequiredService<ServiceUrlPolicy>(), NullLogger<ConnectorClient>.Instance));
        services.AddSingleton<IGraphClient>(GraphClients.Create(Graph.BaseUrl, RetryTime));
        services.AddSingleton<ConversationReferenceStore>();
        services.AddSingleton(Options.Create(new AdminOptions()));
        services.AddSingleton<SetupStore>();
        services.AddSingleton<SetupRoles>();
        services.AddSingleton<SetupService>();
        services.AddSingleton(Options.Create(Settings));
        services.AddPeople();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
