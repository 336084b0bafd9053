using Azure;
using CxBot.Storage;
using Sdk = Azure.Data.Tables;

namespace CxBot.Tests.Storage;

public sealed class TableBatchTests
{
    [Fact]
    public void ToSdk_MixedActions_KeepsOrderTypesAndETags()
    {
        var etag = new ETag("W/\"datetime'x'\"");
        var actions = new List<TableTransactionAction>
        {
            new(TableTransactionActionType.Add, new TableEntity("p", "a") { ["N"] = 1 }),
            new(TableTransactionActionType.UpdateMerge, new TableEntity("p", "b") { ["N"] = 2 }, etag),
            new(TableTransactionActionType.Delete, new TableEntity("p", "c'q"), ETag.All),
            new(TableTransactionActionType.UpsertReplace, new TableEntity("p", "d")),
        };

        var sdk = TableBatch.ToSdk(actions);

        Assert.Equal(
            [Sdk.TableTransactionActionType.Add, Sdk.TableTransactionActionType.UpdateMerge, Sdk.TableTransactionActionType.Delete, Sdk.TableTransactionActionType.UpsertReplace],
            sdk.Select(a => a.ActionType));
        Assert.Equal(["a", "b", "c'q", "d"], sdk.Select(a => a.Entity.RowKey));
        Assert.Equal(etag, sdk[1].ETag);
        Assert.Equal(ETag.All, sdk[2].ETag);
        Assert.Equal(1, ((Sdk.TableEntity)sdk[0].Entity)["N"]);
    }

    [Fact]
    public void ToSdk_RuleBreaks_ThrowBeforeSending()
    {
        var many = Enumerable.Range(0, 101).Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", "r" + i))).ToList();
        Assert.Contains("100", Assert.Throws<ArgumentException>(() => TableBatch.ToSdk(many)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => TableBatch.ToSdk([]));

        var twoPartitions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, new TableEntity("p", "a")), new(TableTransactionActionType.Add, new TableEntity("q", "b")) };
        Assert.Contains("partition", Assert.Throws<ArgumentException>(() => TableBatch.ToSdk(twoPartitions)).Message, StringComparison.Ordinal);

        var sameRow = new List<TableTransactionAction> { new(TableTransactionActionType.Add, new TableEntity("p", "a")), new(TableTransactionActionType.UpsertMerge, new TableEntity("p", "a")) };
        Assert.Throws<ArgumentException>(() => TableBatch.ToSdk(sameRow));

        // The SDK would take a default ETag as "any version": CxBot refuses it, for deletes too.
        foreach (var type in new[] { TableTransactionActionType.UpdateReplace, TableTransactionActionType.UpdateMerge, TableTransactionActionType.Delete })
        {
            var noETag = new List<TableTransactionAction> { new(type, new TableEntity("p", "a")) };
            Assert.Contains("ETag", Assert.Throws<ArgumentException>(() => TableBatch.ToSdk(noETag)).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ToSdk_OverFourMiB_Throws()
    {
        var big = new string('x', 30_000);
        var actions = Enumerable.Range(0, 100)
            .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", "r" + i) { ["A"] = big, ["B"] = big }))
            .ToList();

        Assert.Contains("bytes", Assert.Throws<ArgumentException>(() => TableBatch.ToSdk(actions)).Message, StringComparison.Ordinal);
    }
}
