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

    /// <summary>
    /// Stops the app, then checks everything it sent in the test (<see cref="SentChecks"/>): no <c>${…}</c> left in a card, no
    /// card bound with a missing value, and a notification line on every proactive message.
    /// </summary>
    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Connector.DisposeAsync();
        var problems = SentChecks.Problems(Connector, App);
        Assert.True(problems.Count == 0, "What the bot sent in this test is wrong:\n" + string.Join('\n', problems));
    }
}
