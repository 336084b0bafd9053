using CxBot.Features.Recognition;
using CxBot.Storage;
using CxBot.Testing;
using CxBot.Tests.Storage;

namespace CxBot.Tests.Features.Recognition;

/// <summary>Company value rows against real Azurite: keys carry no name an admin typed, and rows under the old key keep working.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ValueStoreTests(AzuriteFixture azurite)
{
    private readonly UrlRecorder _urls = new();
    private readonly string _prefix = TestTables.UniquePrefix();

    [Fact]
    public async Task SaveAndList_ValueName_NoRequestUrlAndNoRowKeyHoldsTheName()
    {
        var (store, table) = Open();
        var tenant = Guid.NewGuid().ToString();

        await store.SaveAsync(tenant, new CompanyValue("secret-launch-plan", "Secret launch plan", "🚀"), default);
        await store.SaveAsync(tenant, new CompanyValue("secret-launch-plan", "Secret launch plan", "💚"), default);
        var listed = await store.ListAsync(tenant, default);

        Assert.Equal([new CompanyValue("secret-launch-plan", "Secret launch plan", "💚")], listed);
        Assert.NotEmpty(_urls.Seen);
        Assert.DoesNotContain(_urls.Seen, u => u.Contains("secret", StringComparison.OrdinalIgnoreCase) || u.Contains("launch", StringComparison.OrdinalIgnoreCase));
        var row = Assert.Single(await RowsAsync(table, tenant));
        Assert.Equal(ValueStore.Key("secret-launch-plan"), row.RowKey);
        Assert.DoesNotContain("secret", row.RowKey, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task List_RowUnderTheOldKey_ListedAndMovedToTheHashedKey()
    {
        var (store, table) = Open();
        var tenant = Guid.NewGuid().ToString();
        await table.CreateIfNotExistsAsync(default);
        await table.AddEntityAsync(new TableEntity(TableKeys.ToSafeKey(tenant), "own-the-problem") { ["Id"] = "own-the-problem", ["Name"] = "Own the problem", ["Emoji"] = "💚" }, default);

        var first = await store.ListAsync(tenant, default);
        var second = await store.ListAsync(tenant, default);

        Assert.Equal([new CompanyValue("own-the-problem", "Own the problem", "💚")], first);
        Assert.Equal(first, second);
        var row = Assert.Single(await RowsAsync(table, tenant));
        Assert.Equal(ValueStore.Key("own-the-problem"), row.RowKey);
    }

    [Fact]
    public async Task Save_ValueStillUnderTheOldKey_EditKeptAndOneRowLeft()
    {
        var (store, table) = Open();
        var tenant = Guid.NewGuid().ToString();
        await table.CreateIfNotExistsAsync(default);
        await table.AddEntityAsync(new TableEntity(TableKeys.ToSafeKey(tenant), "own-the-problem") { ["Id"] = "own-the-problem", ["Name"] = "Own the problem", ["Emoji"] = "💚" }, default);

        await store.SaveAsync(tenant, new CompanyValue("own-the-problem", "Own the problem", "🙌"), default);

        Assert.Equal([new CompanyValue("own-the-problem", "Own the problem", "🙌")], await store.ListAsync(tenant, default));
        Assert.Equal([ValueStore.Key("own-the-problem")], (await RowsAsync(table, tenant)).Select(r => r.RowKey));
    }

    [Fact]
    public async Task List_OldAndHashedRowsOfOneValue_HashedOneWinsAndTheOldIsRemoved()
    {
        var (store, table) = Open();
        var tenant = Guid.NewGuid().ToString();
        await table.CreateIfNotExistsAsync(default);
        var pk = TableKeys.ToSafeKey(tenant);
        await table.AddEntityAsync(new TableEntity(pk, "own-the-problem") { ["Id"] = "own-the-problem", ["Name"] = "Own the problem", ["Emoji"] = "💚" }, default);
        await table.AddEntityAsync(new TableEntity(pk, ValueStore.Key("own-the-problem")) { ["Id"] = "own-the-problem", ["Name"] = "Own the problem", ["Emoji"] = "🙌" }, default);

        var listed = await store.ListAsync(tenant, default);

        Assert.Equal([new CompanyValue("own-the-problem", "Own the problem", "🙌")], listed);
        Assert.Equal([ValueStore.Key("own-the-problem")], (await RowsAsync(table, tenant)).Select(r => r.RowKey));
    }

    private (ValueStore Store, TableClient Table) Open()
    {
        var service = TestTables.CreateService(azurite.Server.Endpoint, _prefix, inner: _urls);
        return (new ValueStore(service), service.GetTableClient(RecognitionNames.ValuesTable));
    }

    private static async Task<List<TableEntity>> RowsAsync(TableClient table, string tenant)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync(TableFilter.PartitionKeyEquals(TableKeys.ToSafeKey(tenant)), default))
        {
            rows.Add(row);
        }

        return rows;
    }

    /// <summary>Records every request URL, decoded, as HTTP logging would write it.</summary>
    private sealed class UrlRecorder() : DelegatingHandler(new SocketsHttpHandler())
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<string> _seen = new();

        public IReadOnlyCollection<string> Seen => _seen;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            _seen.Enqueue(Uri.UnescapeDataString(request.RequestUri!.ToString()));
            return base.SendAsync(request, cancellationToken);
        }
    }
}
