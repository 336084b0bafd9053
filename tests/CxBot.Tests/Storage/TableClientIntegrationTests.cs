using Azure;
using CxBot.Storage;
using CxBot.Testing;

namespace CxBot.Tests.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class TableClientIntegrationTests(AzuriteFixture azurite)
{
    private static readonly CancellationToken None = CancellationToken.None;

    private async Task<TableClient> NewTableAsync()
    {
        var table = TestTables.CreateService(azurite.Server.Endpoint).GetTableClient("Items");
        await table.CreateIfNotExistsAsync(None);
        return table;
    }

    [Fact]
    public async Task AddThenGet_EveryValueType_RoundTripsExactly()
    {
        var table = await NewTableAsync();
        var when = new DateTimeOffset(2026, 11, 22, 13, 14, 15, TimeSpan.FromHours(-5)).AddTicks(1234567);
        var id = Guid.NewGuid();
        var entity = new TableEntity("p", "all-types")
        {
            ["Text"] = "O'Brien \"quoted\" \\ ${x} <at>Bob</at> 👍🏽\nline",
            ["Empty"] = "",
            ["Yes"] = true,
            ["No"] = false,
            ["Int"] = int.MinValue,
            ["Long"] = long.MaxValue,
            ["Whole"] = 2.0,
            ["Fraction"] = 0.1,
            ["Huge"] = 1.7976931348623157E+308,
            ["When"] = when,
            ["Id"] = id,
            ["Bytes"] = new byte[] { 0, 1, 2, 254, 255 },
            ["Skipped"] = null,
        };

        var etag = await table.AddEntityAsync(entity, None);
        var back = await table.GetEntityIfExistsAsync("p", "all-types", None);

        Assert.NotNull(back);
        Assert.Equal(etag, back.ETag);
        Assert.NotNull(back.Timestamp);
        Assert.Equal(entity["Text"], back["Text"]);
        Assert.Equal("", back["Empty"]);
        Assert.Equal(true, back["Yes"]);
        Assert.Equal(false, back["No"]);
        Assert.Equal(int.MinValue, back["Int"]);
        Assert.Equal(long.MaxValue, back["Long"]);
        Assert.Equal(2.0, back["Whole"]);
        Assert.IsType<double>(back["Whole"]);
        Assert.Equal(0.1, back["Fraction"]);
        Assert.Equal(1.7976931348623157E+308, back["Huge"]);
        Assert.Equal(when.ToUniversalTime(), back["When"]);
        Assert.Equal(when.UtcTicks, back.GetDateTimeOffset("When")!.Value.UtcTicks);
        Assert.Equal(id, back["Id"]);
        Assert.Equal(new byte[] { 0, 1, 2, 254, 255 }, back["Bytes"]);
        Assert.False(back.ContainsKey("Skipped"));
        Assert.Equal(entity.Count, back.Count);
    }

    [Fact]
    public async Task AddThenGet_Extremes_RoundTrip()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(
            new TableEntity("p", "extremes")
            {
                ["MinInt"] = int.MinValue,
                ["MaxLong"] = long.MaxValue,
                ["Tiny"] = double.Epsilon,
                ["Empty"] = "",
                ["NoBytes"] = Array.Empty<byte>(),
                ["Emoji"] = "👍🏽 ${x} <at>Bob</at>",
            },
            None);

        var back = await table.GetEntityIfExistsAsync("p", "extremes", None);

        Assert.Equal(int.MinValue, back!["MinInt"]);
        Assert.Equal(long.MaxValue, back["MaxLong"]);
        Assert.Equal(double.Epsilon, back["Tiny"]);
        Assert.Equal("", back["Empty"]);
        Assert.Equal(Array.Empty<byte>(), back["NoBytes"]);
        Assert.Equal("👍🏽 ${x} <at>Bob</at>", back["Emoji"]);
    }

    [Fact]
    public async Task AddThenGet_NonFiniteDoubles_RoundTrip()
    {
        // JSON has no number for these and Azure.Data.Tables refuses to write them; they go as the service's typed text.
        var table = await NewTableAsync();

        await table.AddEntityAsync(new TableEntity("p", "odd") { ["Up"] = double.PositiveInfinity, ["Down"] = double.NegativeInfinity, ["None"] = double.NaN }, None);
        var back = await table.GetEntityIfExistsAsync("p", "odd", None);

        Assert.Equal(double.PositiveInfinity, back!.GetDouble("Up"));
        Assert.Equal(double.NegativeInfinity, back.GetDouble("Down"));
        Assert.True(double.IsNaN(back.GetDouble("None")!.Value));
        Assert.Equal(["Down", "None", "Up"], back.Keys.Order());
    }

    [Fact]
    public async Task Read_ListsOnlyCustomProperties_KeysAndETagInTheirOwnMembers()
    {
        var table = await NewTableAsync();
        var etag = await table.AddEntityAsync(new TableEntity("p", "shape") { ["A"] = 1, ["B"] = "b" }, None);

        var read = await table.GetEntityIfExistsAsync("p", "shape", None);
        var queried = Assert.Single(await table.QueryAsync(TableFilter.Create($"PartitionKey eq {"p"} and RowKey eq {"shape"}"), None).ToListAsync());

        foreach (var entity in new[] { read!, queried })
        {
            Assert.Equal(["A", "B"], entity.Select(p => p.Key).Order());
            Assert.Equal(("p", "shape", etag), (entity.PartitionKey, entity.RowKey, entity.ETag));
        }
    }

    [Fact]
    public async Task Delete_WithoutETag_IsRefusedNotUnconditional()
    {
        // Azure.Data.Tables takes a default ETag as "any version"; CxBot asks for ETag.All on purpose.
        var table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "keep"), None);

        await Assert.ThrowsAsync<ArgumentException>(() => table.DeleteEntityAsync("p", "keep", default, None));

        Assert.NotNull(await table.GetEntityIfExistsAsync("p", "keep", None));
    }

    [Fact]
    public async Task Add_ExistingKeys_Throws409AlreadyExists()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "dup"), None);

        var ex = await Assert.ThrowsAsync<TableStorageException>(() => table.AddEntityAsync(new TableEntity("p", "dup"), None));

        Assert.True(ex.IsAlreadyExists);
        Assert.Equal(TableErrorCodes.EntityAlreadyExists, ex.ErrorCode);
    }

    [Fact]
    public async Task GetEntityIfExists_Missing_ReturnsNull()
    {
        var table = await NewTableAsync();

        Assert.Null(await table.GetEntityIfExistsAsync("p", "nobody", None));
    }

    [Theory]
    [InlineData("O'Brien", "it's")]
    [InlineData("space and %20 and +", "é 👍 & = ; ,")]
    [InlineData("", "")]
    public async Task Crud_KeysWithSpecialCharacters_Work(string pk, string rk)
    {
        var table = await NewTableAsync();

        var etag = await table.AddEntityAsync(new TableEntity(pk, rk) { ["N"] = 1 }, None);
        var read = await table.GetEntityIfExistsAsync(pk, rk, None);
        var etag2 = await table.UpdateEntityAsync(new TableEntity(pk, rk) { ["N"] = 2 }, etag, TableUpdateMode.Merge, None);
        var queried = await table.QueryAsync(TableFilter.Create($"PartitionKey eq {pk} and RowKey eq {rk}"), None).ToListAsync();
        var deleted = await table.DeleteEntityAsync(pk, rk, etag2, None);

        Assert.Equal(1, read!["N"]);
        Assert.Equal(2, Assert.Single(queried)["N"]);
        Assert.True(deleted);
        Assert.Null(await table.GetEntityIfExistsAsync(pk, rk, None));
    }

    [Fact]
    public async Task Upsert_MergeKeepsOtherProperties_ReplaceDropsThem()
    {
        var table = await NewTableAsync();
        await table.UpsertEntityAsync(new TableEntity("p", "u") { ["A"] = 1, ["B"] = 2 }, TableUpdateMode.Replace, None);

        await table.UpsertEntityAsync(new TableEntity("p", "u") { ["B"] = 20 }, TableUpdateMode.Merge, None);
        var merged = await table.GetEntityIfExistsAsync("p", "u", None);
        await table.UpsertEntityAsync(new TableEntity("p", "u") { ["C"] = 3 }, TableUpdateMode.Replace, None);
        var replaced = await table.GetEntityIfExistsAsync("p", "u", None);

        Assert.Equal(1, merged!["A"]);
        Assert.Equal(20, merged["B"]);
        Assert.Equal(["C"], replaced!.Keys);
    }

    [Fact]
    public async Task Update_StaleETag_ThrowsMismatchAndKeepsNewerValue()
    {
        var table = await NewTableAsync();
        var first = await table.AddEntityAsync(new TableEntity("p", "e") { ["V"] = 1 }, None);
        await table.UpdateEntityAsync(new TableEntity("p", "e") { ["V"] = 2 }, first, TableUpdateMode.Replace, None);

        await Assert.ThrowsAsync<TableETagMismatchException>(() => table.UpdateEntityAsync(new TableEntity("p", "e") { ["V"] = 3 }, first, TableUpdateMode.Replace, None));
        await Assert.ThrowsAsync<TableETagMismatchException>(() => table.DeleteEntityAsync("p", "e", first, None));

        Assert.Equal(2, (await table.GetEntityIfExistsAsync("p", "e", None))!["V"]);
    }

    [Fact]
    public async Task Update_Missing_Throws404_DeleteMissing_ReturnsFalse()
    {
        var table = await NewTableAsync();

        var ex = await Assert.ThrowsAsync<TableStorageException>(() => table.UpdateEntityAsync(new TableEntity("p", "gone"), ETag.All, TableUpdateMode.Merge, None));

        Assert.True(ex.IsNotFound);
        Assert.False(await table.DeleteEntityAsync("p", "gone", ETag.All, None));
    }

    [Fact]
    public async Task Update_TwoWritersRaceOnOneETag_ExactlyOneWins()
    {
        var table = await NewTableAsync();
        for (var round = 0; round < 20; round++)
        {
            var rk = "race" + round;
            var etag = await table.AddEntityAsync(new TableEntity("p", rk) { ["Owner"] = "none" }, None);
            using var start = new ManualResetEventSlim();

            var writers = new[] { "alice", "bob" }.Select(name => Task.Run(async () =>
            {
                start.Wait();
                try
                {
                    await table.UpdateEntityAsync(new TableEntity("p", rk) { ["Owner"] = name }, etag, TableUpdateMode.Merge, None);
                    return name;
                }
                catch (TableETagMismatchException)
                {
                    return null;
                }
            })).ToArray();
            start.Set();
            var results = await Task.WhenAll(writers);

            var winner = Assert.Single(results, r => r is not null);
            Assert.Equal(winner, (await table.GetEntityIfExistsAsync("p", rk, None))!["Owner"]);
        }
    }

    [Fact]
    public async Task Query_PastOneThousandRows_FollowsContinuations()
    {
        var table = await NewTableAsync();
        await InsertRowsAsync(table, "big", 2345);
        await InsertRowsAsync(table, "other", 10);

        var all = await table.QueryAsync(TableFilter.PartitionKeyEquals("big"), None).ToListAsync();
        var smallPages = await table.QueryAsync(TableFilter.PartitionKeyEquals("big"), 100, ["N"], None).ToListAsync();

        Assert.Equal(2345, all.Count);
        Assert.Equal(Enumerable.Range(0, 2345), all.Select(e => e.GetInt32("N")!.Value).Order());
        Assert.Equal(2345, smallPages.Count);
        Assert.All(smallPages, e => Assert.Equal(["N"], e.Keys));
    }

    [Fact]
    public async Task Query_FilterOnTypedValues_MatchesExactly()
    {
        var table = await NewTableAsync();
        var cut = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        await table.AddEntityAsync(new TableEntity("q", "1") { ["Name"] = "O'Brien", ["Score"] = 2.0, ["At"] = cut.AddDays(-1), ["Big"] = 5L }, None);
        await table.AddEntityAsync(new TableEntity("q", "2") { ["Name"] = "x' or 'a' eq 'a", ["Score"] = 3.5, ["At"] = cut.AddDays(1), ["Big"] = 6L }, None);

        var byName = await table.QueryAsync(TableFilter.Create($"Name eq {"O'Brien"}"), None).ToListAsync();
        var injected = await table.QueryAsync(TableFilter.Create($"Name eq {"x' or 'a' eq 'a"}"), None).ToListAsync();
        var byDouble = await table.QueryAsync(TableFilter.Create($"Score eq {2.0}"), None).ToListAsync();
        var byDate = await table.QueryAsync(TableFilter.Create($"PartitionKey eq {"q"} and At ge {cut}"), None).ToListAsync();
        var byLong = await table.QueryAsync(TableFilter.Create($"Big eq {6L}"), None).ToListAsync();

        Assert.Equal("1", Assert.Single(byName).RowKey);
        Assert.Equal("2", Assert.Single(injected).RowKey);
        Assert.Equal("1", Assert.Single(byDouble).RowKey);
        Assert.Equal("2", Assert.Single(byDate).RowKey);
        Assert.Equal("2", Assert.Single(byLong).RowKey);
    }

    [Fact]
    public async Task Query_Cancelled_StopsPartWay()
    {
        var table = await NewTableAsync();
        await InsertRowsAsync(table, "long", 1500);
        using var cts = new CancellationTokenSource();
        var seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in table.QueryAsync(TableFilter.PartitionKeyEquals("long"), 100, null, cts.Token))
            {
                if (++seen == 150)
                {
                    await cts.CancelAsync();
                }
            }
        });

        Assert.Equal(150, seen);
    }

    [Fact]
    public async Task Transaction_FiftySeventhActionFails_WritesNothingAndReportsIndex()
    {
        var table = await NewTableAsync();
        await table.AddEntityAsync(new TableEntity("tx", "r056") { ["Original"] = true }, None);
        var actions = Enumerable.Range(0, 100)
            .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("tx", $"r{i:D3}") { ["N"] = i }))
            .ToList();

        var ex = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(actions, None));
        var stored = await table.QueryAsync(TableFilter.PartitionKeyEquals("tx"), None).ToListAsync();

        Assert.Equal(56, ex.FailedActionIndex);
        Assert.Equal(409, ex.Status);
        var only = Assert.Single(stored);
        Assert.Equal("r056", only.RowKey);
        Assert.Equal(true, only["Original"]);
    }

    [Fact]
    public async Task Transaction_MixedActions_AppliesAllAndReturnsETags()
    {
        var table = await NewTableAsync();
        var etagB = await table.AddEntityAsync(new TableEntity("mx", "b") { ["V"] = 1 }, None);
        await table.AddEntityAsync(new TableEntity("mx", "c"), None);

        var etags = await table.SubmitTransactionAsync(
            [
                new(TableTransactionActionType.Add, new TableEntity("mx", "a") { ["V"] = 1 }),
                new(TableTransactionActionType.UpdateMerge, new TableEntity("mx", "b") { ["W"] = 2 }, etagB),
                new(TableTransactionActionType.Delete, new TableEntity("mx", "c"), ETag.All),
                new(TableTransactionActionType.UpsertReplace, new TableEntity("mx", "d") { ["V"] = 4 }),
            ],
            None);
        var rows = await table.QueryAsync(TableFilter.PartitionKeyEquals("mx"), None).ToListAsync();

        Assert.Equal(4, etags.Count);
        Assert.Equal(["a", "b", "d"], rows.Select(r => r.RowKey));
        var b = rows.Single(r => r.RowKey == "b");
        Assert.Equal(1, b["V"]);
        Assert.Equal(2, b["W"]);
        Assert.Equal(etags[1], b.ETag);
    }

    [Fact]
    public async Task Transaction_StaleETag_FailsAsWhole()
    {
        var table = await NewTableAsync();
        var stale = await table.AddEntityAsync(new TableEntity("st", "a") { ["V"] = 1 }, None);
        await table.UpsertEntityAsync(new TableEntity("st", "a") { ["V"] = 2 }, TableUpdateMode.Merge, None);

        var ex = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitTransactionAsync(
            [
                new(TableTransactionActionType.Add, new TableEntity("st", "b")),
                new(TableTransactionActionType.UpdateReplace, new TableEntity("st", "a") { ["V"] = 3 }, stale),
            ],
            None));

        Assert.Equal(412, ex.Status);
        Assert.Equal(1, ex.FailedActionIndex);
        Assert.Null(await table.GetEntityIfExistsAsync("st", "b", None));
    }

    [Fact]
    public async Task CreateIfNotExists_ConcurrentAndRepeated_Succeeds()
    {
        var service = TestTables.CreateService(azurite.Server.Endpoint);
        var table = service.GetTableClient("Shared");

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => table.CreateIfNotExistsAsync(None)));
        await service.GetTableClient("Shared").CreateIfNotExistsAsync(None);
        await table.AddEntityAsync(new TableEntity("p", "r"), None);

        Assert.Contains(table.Name, await service.QueryTablesAsync(service.Options.TablePrefix, None).ToListAsync());
    }

    [Fact]
    public async Task Prefix_SeparatesEnvironments()
    {
        var a = TestTables.CreateService(azurite.Server.Endpoint).GetTableClient("Same");
        var b = TestTables.CreateService(azurite.Server.Endpoint).GetTableClient("Same");
        await a.CreateIfNotExistsAsync(None);
        await b.CreateIfNotExistsAsync(None);

        await a.AddEntityAsync(new TableEntity("p", "only-in-a"), None);

        Assert.NotEqual(a.Name, b.Name);
        Assert.Null(await b.GetEntityIfExistsAsync("p", "only-in-a", None));
    }

    private static async Task InsertRowsAsync(TableClient table, string partition, int count)
    {
        foreach (var chunk in Enumerable.Range(0, count).Chunk(100))
        {
            await table.SubmitTransactionAsync(
                [.. chunk.Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, $"{i:D6}") { ["N"] = i, ["Pad"] = "x" }))],
                None);
        }
    }

    [Fact]
    public async Task Query_PartitionKeyBetween_OwnRangeOnly_AcrossYearBoundary_NotAnOwnerWithALongerId()
    {
        var table = await NewTableAsync();
        foreach (var pk in new[] { "t|a|2026-W51", "t|a|2026-W52", "t|a|2026-W53", "t|a|2027-W01", "t|a|2027-W02", "t|ab|2026-W53", "t|a0|2027-W01", "t|a|2027-W01x" })
        {
            await table.AddEntityAsync(new TableEntity(pk, "r"), None);
        }

        var found = new List<string>();
        await foreach (var row in table.QueryAsync(TableFilter.PartitionKeyBetween("t|a|2026-W52", "t|a|2027-W01"), None))
        {
            found.Add(row.PartitionKey);
        }

        Assert.Equal(["t|a|2026-W52", "t|a|2026-W53", "t|a|2027-W01"], found);
    }
}
