using Azure;
using CxBot.Features.Ideas;
using CxBot.Storage;
using CxBot.Testing;
using CxBot.Tests.Storage;
using Microsoft.Extensions.Caching.Memory;

namespace CxBot.Tests.Features.Ideas;

/// <summary>
/// The vote count on the idea row against the vote rows, in a real Azurite: the group commit's failure handling (a voter who had
/// voted inside a batch, another writer between read and commit), closed ideas, rows stored before the count column, and two instances.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class IdeaVoteCommitTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    private readonly string _tenant = Guid.NewGuid().ToString();
    private readonly string _prefix = TestTables.UniquePrefix();

    [Fact]
    public async Task AddVotesAsync_TwoHundredFiftyVotesSomeRepeated_ChunkedAndCountEqualsRows()
    {
        var store = new IdeaStore(Tables());
        var idea = await CreateAsync(store);
        await store.AddVoteAsync(_tenant, idea.Id, "early", At, default);
        var votes = Enumerable.Range(0, 240).Select(i => ($"voter{i}", At)).Concat([("early", At), ("voter7", At), ("VOTER8", At)]).ToList();

        var added = await store.AddVotesAsync(_tenant, idea.Id, votes, default);

        Assert.Equal(243, added.Count);
        Assert.Equal(240, added.Count(a => a));
        Assert.Equal(new[] { false, false, false }, added.TakeLast(3));
        await AssertExactAsync(store, idea.Id, 241);
    }

    [Fact]
    public async Task CommitVotesAsync_OneVoterAlreadyVotedAnotherNeverVotedInsideBatch_TheyAreAnsweredAndTheRestWritten()
    {
        var store = new IdeaStore(Tables());
        var idea = await CreateAsync(store);
        await store.AddVoteAsync(_tenant, idea.Id, "b", At, default);

        var commit = await store.CommitVotesAsync(
            _tenant,
            idea.Id,
            [new("a", true, At), new("b", true, At), new("d", false, At), new("c", true, At), new("b", false, At)],
            i => i.IsOpen,
            null,
            default);

        Assert.Equal(new bool?[] { true, false, false, true, true }, commit.Changed);
        Assert.Equal(2, commit.Idea!.Tally.Votes);
        await AssertExactAsync(store, idea.Id, 2);
        Assert.False(await store.HasVotedAsync(_tenant, idea.Id, "b", default));
    }

    [Fact]
    public async Task CommitVotesAsync_AnotherWriterChangesIdeaRowBetweenReadAndCommit_RetriedAndBothChangesKept()
    {
        var store = new IdeaStore(Tables());
        var idea = await CreateAsync(store);
        var read = (await store.GetAsync(_tenant, idea.Id, default))!;
        var other = new IdeaStore(Tables());
        await other.AddVoteAsync(_tenant, idea.Id, "other", At, default);
        var fresh = (await other.GetAsync(_tenant, idea.Id, default))!;
        await other.ReplaceAsync(fresh.Idea with { Text = fresh.Idea.Text with { Proposal = "Edited meanwhile." } }, fresh.ETag, default);

        var commit = await store.CommitVotesAsync(_tenant, idea.Id, [new("mine", true, At)], i => i.IsOpen, read, default);

        Assert.Equal(new bool?[] { true }, commit.Changed);
        Assert.Equal("Edited meanwhile.", commit.Idea!.Idea.Text.Proposal);
        await AssertExactAsync(store, idea.Id, 2);
    }

    [Fact]
    public async Task CommitVotesAsync_IdeaClosedOrClosedSinceRead_RefusedAndNothingWritten()
    {
        var store = new IdeaStore(Tables());
        var closed = await CreateAsync(store, IdeaStatus.Declined);
        var open = await CreateAsync(store);
        var stale = (await store.GetAsync(_tenant, open.Id, default))!;
        await store.ReplaceAsync(stale.Idea with { Status = IdeaStatus.Withdrawn }, stale.ETag, default);

        var onClosed = await store.CommitVotesAsync(_tenant, closed.Id, [new("a", true, At)], i => i.IsOpen, null, default);
        var onWithdrawn = await store.CommitVotesAsync(_tenant, open.Id, [new("a", true, At), new("b", false, At)], i => i.IsOpen, stale, default);
        var onUnknown = await store.CommitVotesAsync(_tenant, "unknown", [new("a", true, At)], i => i.IsOpen, null, default);

        Assert.Equal(new bool?[] { null }, onClosed.Changed);
        Assert.Equal(new bool?[] { null, null }, onWithdrawn.Changed);
        Assert.Equal(IdeaStatus.Withdrawn, onWithdrawn.Idea!.Idea.Status);
        Assert.Null(onUnknown.Idea);
        await AssertExactAsync(store, closed.Id, 0);
        await AssertExactAsync(store, open.Id, 0);
        Assert.Equal(0, await store.CountVotesAsync(_tenant, "unknown", default));
    }

    [Fact]
    public async Task GetAsync_RowStoredBeforeTheCountColumnUnderTheOldKey_MovedOnceCountedAndVotesCarryOn()
    {
        var store = new IdeaStore(Tables());
        var idea = await CreateAsync(store);
        var table = Tables().GetTableClient(IdeaNames.TableName);
        var pk = TableKeys.ToSafeKey(_tenant) + "~i~" + idea.Id;
        var row = (await table.GetEntityIfExistsAsync(pk, "idea~" + idea.Id, default))!;
        await table.DeleteEntityAsync(pk, "idea~" + idea.Id, ETag.All, default);
        await table.AddEntityAsync(new TableEntity(pk, "idea") { ["Json"] = row.GetString("Json") }, default);
        foreach (var voter in new[] { "v~x", "v~y", "v~z" })
        {
            await table.AddEntityAsync(new TableEntity(pk, voter) { ["At"] = At }, default);
        }

        for (var i = 0; i < 5; i++)
        {
            await table.AddEntityAsync(new TableEntity(pk, $"c~{i}") { ["Json"] = $$"""{"authorId":"a","authorName":"A","text":"comment {{i}}","at":"2026-12-0{{i + 1}}T09:00:00+00:00"}""" }, default);
        }

        var redelivered = await store.CreateAsync(idea, default);
        var migrated = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => store.GetAsync(_tenant, idea.Id, default)));
        var written = (await table.GetEntityIfExistsAsync(pk, "idea~" + idea.Id, default))!;
        var legacy = await table.GetEntityIfExistsAsync(pk, "idea", default);
        var added = await store.AddVotesAsync(_tenant, idea.Id, [("w", At), ("x", At)], default);

        Assert.False(redelivered);
        Assert.All(migrated, m => Assert.Equal((idea.Id, 3, 5), (m!.Idea.Id, m.Tally.Votes, m.Tally.CommentCount)));
        Assert.Equal(new[] { "comment 2", "comment 3", "comment 4" }, migrated[0]!.Tally.Comments.Select(c => c.Text));
        Assert.Null(legacy);
        Assert.Equal(3, written.GetInt32("Votes"));
        Assert.Equal(row.GetString("Json"), written.GetString("Json"));
        Assert.Equal(new[] { true, false }, added);
        await AssertExactAsync(store, idea.Id, 4);
    }

    [Fact]
    public async Task GetAsync_CountedRowUnderTheOldKey_MovedWithItsCountAndAnswersLikeANewOne()
    {
        var store = new IdeaStore(Tables());
        var idea = await CreateAsync(store);
        await store.AddVotesAsync(_tenant, idea.Id, [("a", At), ("b", At)], default);
        var table = Tables().GetTableClient(IdeaNames.TableName);
        var pk = TableKeys.ToSafeKey(_tenant) + "~i~" + idea.Id;
        var row = (await table.GetEntityIfExistsAsync(pk, "idea~" + idea.Id, default))!;
        await table.DeleteEntityAsync(pk, "idea~" + idea.Id, ETag.All, default);
        var old = new TableEntity(pk, "idea");
        foreach (var (name, value) in row)
        {
            old[name] = value;
        }

        await table.AddEntityAsync(old, default);

        var moved = (await store.GetAsync(_tenant, idea.Id, default))!;
        var taken = await store.CommitVotesAsync(_tenant, idea.Id, [new("a", false, At)], _ => true, moved, default);

        Assert.Equal(2, moved.Tally.Votes);
        Assert.Equal(new bool?[] { true }, taken.Changed);
        Assert.Null(await table.GetEntityIfExistsAsync(pk, "idea", default));
        Assert.Null(await store.GetAsync(_tenant, "no-such-idea", default));
        await AssertExactAsync(store, idea.Id, 1);
    }

    [Fact]
    public async Task VoteQueue_TwoInstancesVotingAndTakingBackAtOnce_ColumnEqualsRows()
    {
        var first = new IdeaStore(Tables());
        var second = new IdeaStore(Tables());
        var idea = await CreateAsync(first);
        using var firstCache = new MemoryCache(new MemoryCacheOptions());
        using var secondCache = new MemoryCache(new MemoryCacheOptions());
        var queues = new[] { new IdeaVoteQueue(first, firstCache), new IdeaVoteQueue(second, secondCache) };
        var changes = Enumerable.Range(0, 120).Select(i => new VoteChange($"p{i % 80}", i < 80, At)).ToList();

        var answers = await Task.WhenAll(changes.Select((c, i) => queues[i % 2].SubmitAsync(_tenant, idea.Id, c, default)));

        var votes = answers.Zip(changes).Sum(a => a.First.Changed == true ? (a.Second.Add ? 1 : -1) : 0);
        Assert.All(answers, a => Assert.NotNull(a.Changed));
        Assert.InRange(votes, 40, 80);
        await AssertExactAsync(first, idea.Id, votes);
    }

    [Fact]
    public async Task VoteQueue_RowItRemembersChangedByAnotherInstance_ReReadAndClosedIdeaGetsNoVote()
    {
        var store = new IdeaStore(Tables());
        var other = new IdeaStore(Tables());
        var idea = await CreateAsync(store);
        using var cache = new MemoryCache(new MemoryCacheOptions());
        var queue = new IdeaVoteQueue(store, cache);
        var first = await queue.SubmitAsync(_tenant, idea.Id, new VoteChange("a", true, At), default);
        await other.AddVoteAsync(_tenant, idea.Id, "b", At, default);
        var second = await queue.SubmitAsync(_tenant, idea.Id, new VoteChange("c", true, At), default);
        var read = (await other.GetAsync(_tenant, idea.Id, default))!;
        await other.ReplaceAsync(read.Idea with { Status = IdeaStatus.Archived }, read.ETag, default);

        var third = await queue.SubmitAsync(_tenant, idea.Id, new VoteChange("d", true, At), default);

        Assert.True(first.Changed);
        Assert.True(second.Changed);
        Assert.Equal(3, second.Idea!.Tally.Votes);
        Assert.Null(third.Changed);
        Assert.Equal(IdeaStatus.Archived, third.Idea!.Idea.Status);
        await AssertExactAsync(store, idea.Id, 3);
    }

    private TableServiceClient Tables() => TestTables.CreateService(azurite.Server.Endpoint, _prefix);

    private async Task AssertExactAsync(IdeaStore store, string ideaId, int votes)
    {
        Assert.Equal(votes, await store.CountVotesAsync(_tenant, ideaId, default));
        Assert.Equal(votes, (await store.GetAsync(_tenant, ideaId, default))?.Tally.Votes ?? 0);
    }

    private async Task<Idea> CreateAsync(IdeaStore store, IdeaStatus status = IdeaStatus.New)
    {
        var idea = new Idea(Guid.NewGuid().ToString("N")[..24], _tenant, "team", "submitter", null, new IdeaText("Problem", "Proposal", null, null, null, null), status, null, null, At, At, null);
        Assert.True(await store.CreateAsync(idea, default));
        return idea;
    }
}
