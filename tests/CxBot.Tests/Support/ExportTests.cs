using CxBot.Testing;
using CxBot.Tests.Storage;

namespace CxBot.Tests;

/// <summary>
/// A CSV export test's parts: the bot in local mode, a fake connector, and a fake upload target that Teams' file consent points at,
/// allowed through <paramref name="uploadHostsKey"/> (<c>FileConsent:UploadHosts</c>, or the older <c>Ideas:UploadHosts</c>).
/// </summary>
public abstract class ExportTests(AzuriteFixture azurite, string uploadHostsKey) : IAsyncLifetime
{
    internal FakeConnector Connector { get; private set; } = null!;

    internal ConsentUploads Uploads { get; private set; } = null!;

    internal BotApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Connector = await FakeConnector.StartAsync();
        Uploads = await ConsentUploads.StartAsync();
        App = BotApp.Local(azurite.Server, ("Bot:ConnectorRetryDelay", "00:00:00.001"), (uploadHostsKey + ":0", "127.0.0.1"));
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Uploads.DisposeAsync();
        await Connector.DisposeAsync();
        var problems = SentChecks.Problems(Connector, App);
        Assert.True(problems.Count == 0, "What the bot sent in this test is wrong:\n" + string.Join('\n', problems));
    }
}
