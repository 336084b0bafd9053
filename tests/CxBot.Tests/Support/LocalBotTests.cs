using CxBot.Testing;
using CxBot.Tests.Storage;

namespace CxBot.Tests;

/// <summary>Tests that drive the real app in local mode through <c>/api/messages</c>, reading replies from a fake connector.</summary>
public abstract class LocalBotTests(AzuriteFixture azurite) : IAsyncLifetime
{
    protected AzuriteFixture Azurite { get; } = azurite;

    protected FakeConnector Connector { get; private set; } = null!;

    protected BotApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Connector = await FakeConnector.StartAsync();
        App = BotApp.Local(Azurite.Server, ("Bot:ConnectorRetryDelay", "00:00:00.001"));
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Connector.DisposeAsync();
    }
}
