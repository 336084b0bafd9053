using System.Text.Json;
using CxBot.Features.Setup;
using CxBot.Testing;
using CxBot.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace CxBot.Tests.Features.Setup;

/// <summary>An import cancelled (Ctrl-C) changes all of the tenant's setup or none of it, never half.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SetupImportCancellationTests(AzuriteFixture azurite)
{
    private readonly string _prefix = TestTables.UniquePrefix();

    [Fact]
    public async Task ImportAsync_CancelledAfterItsFirstTransaction_FinishesEveryRowAndAuditsThem()
    {
        var h = new SetupHarness(azurite.Server, _prefix);
        var source = await h.AdminWithJourneyAsync("contact-centre");
        var setup = await h.Service.GetAsync(source.TenantId, default);

        // Sixty teams: with their audit entries, more than one 100-action transaction.
        var teams = Enumerable.Range(1, 60).Select(i => new TeamSetup($"19:team{i}@thread.tacv2", $"Store {i}", $"19:team{i}@thread.tacv2", "Europe/London", new TimeOnly(18, 0), [], [])).ToList();
        var json = JsonSerializer.Serialize(new SetupDocument(SetupDocument.CurrentVersion, setup with { Teams = teams }), SetupJson.Document);
        var faults = new StorageFaults();
        var handler = faults.CreateHandler();
        handler.InnerHandler = new SocketsHttpHandler();
        var transfer = new SetupTransfer(new SetupStore(TestTables.CreateService(azurite.Server.Endpoint, _prefix, inner: handler)), TimeProvider.System, NullLogger<SetupTransfer>.Instance);
        using var ctrlC = new CancellationTokenSource();
        var batches = 0;
        faults.AfterBatch = _ =>
        {
            batches++;
            ctrlC.Cancel();
        };
        var target = SetupHarness.NewTenant();

        var result = await transfer.ImportAsync(target, json, ctrlC.Token);

        Assert.True(ctrlC.IsCancellationRequested);
        Assert.True(batches > 1, $"only {batches} transaction: the import must span several for this test to mean anything");
        Assert.True(result.Imported);
        var imported = await h.Service.GetAsync(target, default);
        Assert.Equal(SetupRows.ToRows(setup with { Teams = teams }), SetupRows.ToRows(imported));
        Assert.Equal(result.RowsChanged, (await h.Store.ReadAuditAsync(target, default)).Count);
    }

    [Fact]
    public async Task ImportAsync_CancelledBeforeWriting_ThrowsAndWritesNothing()
    {
        var h = new SetupHarness(azurite.Server, _prefix);
        var source = await h.AdminWithJourneyAsync("contact-centre");
        var json = JsonSerializer.Serialize(new SetupDocument(SetupDocument.CurrentVersion, await h.Service.GetAsync(source.TenantId, default)), SetupJson.Document);
        var transfer = new SetupTransfer(h.Store, TimeProvider.System, NullLogger<SetupTransfer>.Instance);
        var target = SetupHarness.NewTenant();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transfer.ImportAsync(target, json, new CancellationToken(canceled: true)));

        Assert.Null((await h.Service.GetAsync(target, default)).Organisation);
        Assert.Empty(await h.Store.ReadAuditAsync(target, default));
    }
}
