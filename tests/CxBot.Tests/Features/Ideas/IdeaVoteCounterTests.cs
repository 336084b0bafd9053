using CxBot.Features.Ideas;
using CxBot.Storage;
using CxBot.Testing;
using CxBot.Tests.Storage;

namespace CxBot.Tests.Features.Ideas;

/// <summary>
/// The vote counter in the idea's partition, against Azurite: whatever votes, redeliveries, folds and take-backs interleave, the counter
/// plus its pending rows always equals the vote rows counted one by one.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class IdeaVoteCounterTests(AzuriteFixture azurite)
{
    private const string Tenant = "7b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DateTimeOffset Now = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private readonly TableServiceClient _tables = TestTables.CreateService(azurite.Server.Endpoint);

    [Fact]
    public async Task Counter_VotesRedeliveriesFoldsAndTakeBacksAtOnce_AlwaysEqualsVoteRows()
    {
        var store = new IdeaStore(_tables);
        var idea = await NewIdeaAsync(store);
        var voters = Enumerable.Range(0, 120).Select(i => $"voter-{i}").ToList();

        // Every voter votes twice at once (a redelivery), and folds run alongside from whatever each saw.
        var votes = voters.SelectMany(v => new[] { v, v }).Select(v => store.AddVoteAsync(Tenant, idea.Id, v, Now, None)).ToList();
        var folds = Enumerable.Range(0, 10).Select(async _ => await store.FoldAsync(Tenant, idea.Id, await store.ReadCounterAsync(Tenant, idea.Id, None), None)).ToList();
        var added = await Task.WhenAll(votes);
        await Task.WhenAll(folds);

        Assert.Equal(120, added.Count(a => a));
        Assert.Equal(120, await store.CountVoteRowsAsync(Tenant, idea.Id, None));
        Assert.Equal(120, await store.CountVotesAsync(Tenant, idea.Id, None));

        // Half take their vote back (each twice), while more folds run; then everyone folds what is left.
        var takeBacks = voters.Take(60).SelectMany(v => new[] { v, v }).Select(v => store.RemoveVoteAsync(Tenant, idea.Id, v, None)).ToList();
        var moreFolds = Enumerable.Range(0, 10).Select(async _ => await store.FoldAsync(Tenant, idea.Id, await store.ReadCounterAsync(Tenant, idea.Id, None), None)).ToList();
        var removed = await Task.WhenAll(takeBacks);
        await Task.WhenAll(moreFolds);
        while (await store.ReadCounterAsync(Tenant, idea.Id, None) is { Pending.Count: > 0 } left)
        {
            await store.FoldAsync(Tenant, idea.Id, left, None);
        }

        var counter = await store.ReadCounterAsync(Tenant, idea.Id, None);
        Assert.Equal(60, removed.Count(r => r));
        Assert.Equal(60, await store.CountVoteRowsAsync(Tenant, idea.Id, None));
        Assert.Equal(60, counter.Counted);
        Assert.Empty(counter.Pending);
    }

    [Fact]
    public async Task Fold_TwoFromTheSameRead_OnlyOneCountsAndTheTotalStays()
    {
        var store = new IdeaStore(_tables);
        var idea = await NewIdeaAsync(store);
        foreach (var voter in Enumerable.Range(0, 20).Select(i => $"voter-{i}"))
        {
            await store.AddVoteAsync(Tenant, idea.Id, voter, Now, None);
        }

        var seen = await store.ReadCounterAsync(Tenant, idea.Id, None);
        var first = await store.FoldAsync(Tenant, idea.Id, seen, None);
        var second = await store.FoldAsync(Tenant, idea.Id, seen, None);

        var after = await store.ReadCounterAsync(Tenant, idea.Id, None);
        Assert.Equal(20, seen.Pending.Count);
        Assert.True(first);
        Assert.False(second);
        Assert.Equal(20, after.Counted);
        Assert.Empty(after.Pending);
        Assert.Equal(20, await store.CountVoteRowsAsync(Tenant, idea.Id, None));
    }

    [Fact]
    public async Task RemoveVote_BeforeAndAfterFold_TakesFromPendingOrCounter()
    {
        var store = new IdeaStore(_tables);
        var idea = await NewIdeaAsync(store);
        await store.AddVoteAsync(Tenant, idea.Id, "folded", Now, None);
        await store.FoldAsync(Tenant, idea.Id, await store.ReadCounterAsync(Tenant, idea.Id, None), None);
        await store.AddVoteAsync(Tenant, idea.Id, "pending", Now, None);

        Assert.True(await store.RemoveVoteAsync(Tenant, idea.Id, "pending", None));
        var afterPending = await store.ReadCounterAsync(Tenant, idea.Id, None);
        Assert.True(await store.RemoveVoteAsync(Tenant, idea.Id, "FOLDED", None));
        var afterFolded = await store.ReadCounterAsync(Tenant, idea.Id, None);
        Assert.False(await store.RemoveVoteAsync(Tenant, idea.Id, "folded", None));

        Assert.Equal((1, 0, 1), (afterPending.Counted, afterPending.Pending.Count, afterPending.Votes));
        Assert.Equal((1, 1, 0), (afterFolded.Counted, afterFolded.Pending.Count, afterFolded.Votes));
        Assert.Equal(0, await store.CountVoteRowsAsync(Tenant, idea.Id, None));

        // Voting again and taking it back again before any fold: the take-back row is still there, so the counter itself goes down.
        Assert.True(await store.AddVoteAsync(Tenant, idea.Id, "folded", Now, None));
        await store.FoldAsync(Tenant, idea.Id, await store.ReadCounterAsync(Tenant, idea.Id, None) with { Pending = ["p~folded"] }, None);
        Assert.True(await store.RemoveVoteAsync(Tenant, idea.Id, "folded", None));
        var again = await store.ReadCounterAsync(Tenant, idea.Id, None);
        Assert.Equal((1, 1, 0), (again.Counted, again.Pending.Count, again.Votes));
        await store.FoldAsync(Tenant, idea.Id, again, None);
        Assert.Equal(0, await store.CountVotesAsync(Tenant, idea.Id, None));
        Assert.Equal(0, (await store.ReadCounterAsync(Tenant, idea.Id, None)).Counted);
    }

    [Fact]
    public async Task CountVotes_IdeaStoredBeforeCounters_CountsVoteRows()
    {
        var store = new IdeaStore(_tables);
        var idea = await NewIdeaAsync(store);
        await store.AddVoteAsync(Tenant, idea.Id, "a", Now, None);
        await store.AddVoteAsync(Tenant, idea.Id, "b", Now, None);
        var pk = TableKeys.ToSafeKey(Tenant) + "~i~" + idea.Id;
        await _tables.GetTableClient(IdeaNames.TableName).DeleteEntityAsync(pk, "n", Azure.ETag.All, None);

        var (_, tally, counter) = await store.ReadWithTallyAsync(Tenant, idea.Id, None);
        var removed = await store.RemoveVoteAsync(Tenant, idea.Id, "a", None);

        Assert.False(counter.Exists);
        Assert.Equal(2, tally.Votes);
        Assert.False(counter.FoldDue(new Random(1)));
        Assert.False(await store.FoldAsync(Tenant, idea.Id, counter, None));
        Assert.True(removed);
        Assert.Equal(1, await store.CountVotesAsync(Tenant, idea.Id, None));
        Assert.Equal(1, await store.CountVoteRowsAsync(Tenant, idea.Id, None));
    }

    private static async Task<Idea> NewIdeaAsync(IdeaStore store)
    {
        var text = new IdeaText("A problem.", "A proposal.", null, null, null, null);
        var idea = new Idea(Guid.NewGuid().ToString("N")[..24], Tenant, "team", "submitter", "Sam", text, IdeaStatus.New, null, null, Now, Now, null);
        Assert.True(await store.CreateAsync(idea, None));
        return idea;
    }
}
