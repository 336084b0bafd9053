using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using CxBot.Storage;

namespace CxBot.Features.Ideas;

/// <summary>An idea as read, with the ETag a change must carry.</summary>
internal sealed record StoredIdea(Idea Idea, ETag ETag);

/// <summary>
/// An idea's vote counter as read: the votes folded into the counter row, its ETag (empty when the idea has no counter row), and the row
/// keys of the changes not folded yet (<c>p~</c> a vote added, <c>m~</c> a folded vote taken back). The count is <see cref="Counted"/>
/// + the added − the taken back, always equal to the number of vote rows.
/// </summary>
internal sealed record VoteCounter(int Counted, ETag ETag, IReadOnlyList<string> Pending)
{
    /// <summary>False for an idea stored before counters: its count is its number of vote rows.</summary>
    public bool Exists => ETag != default;

    public int Votes => Counted + Pending.Sum(IdeaStore.Delta);

    /// <summary>Whether a vote that read this should fold: enough pending rows, and (so that a burst of voters does not all try at once) by lot.</summary>
    public bool FoldDue(Random random) => Exists && Pending.Count >= IdeaStore.FoldAt && random.Next(4 * Pending.Count) < IdeaStore.FoldAt;
}

/// <summary>
/// The <c>Ideas</c> table. Each idea has its own partition (tenant + idea id), so votes on different ideas never contend:
/// row <c>idea</c> holds the idea as JSON; rows <c>c~{key}</c> its comments; rows <c>v~{voter}</c> are its votes, one per person by key,
/// so a second add is a 409.
/// The count is kept without reading every vote: row <c>n</c> holds how many votes were folded into it; each new vote adds, in the same
/// transaction as its vote row, a pending row <c>p~{voter}</c>; taking back a folded vote adds <c>m~{voter}</c> as it deletes the vote row.
/// So the count is <c>n</c> + the <c>p~</c> rows − the <c>m~</c> rows, and every transaction keeps it equal to the number of vote rows;
/// a fold moves pending rows into <c>n</c>, guarded by <c>n</c>'s ETag. Votes and take-backs only add or delete their own rows, so they never
/// wait on one another; reading the count reads <c>n</c> and the few pending rows, never the vote rows.
/// Ideas stored before the counter (no row <c>n</c>) are counted by their vote rows, as before.
/// Index partitions (tenant + team, tenant + user) hold one pointer row per idea for the lists.
/// </summary>
internal sealed class IdeaStore(TableServiceClient tables)
{
    private const string IdeaRow = "idea";
    private const string VotePrefix = "v~";
    private const string VoteEnd = "w";
    private const string CommentPrefix = "c~";
    private const string CounterRow = "n";
    private const string PendingPrefix = "p~";
    private const string WithdrawnPrefix = "m~";
    private const string JsonProperty = "Json";
    private const string AtProperty = "At";
    private const string CountProperty = "N";
    private const int MaxAttempts = 8;

    /// <summary>The pending rows worth folding into the counter; below this, reading them costs less than folding.</summary>
    public const int FoldAt = 16;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private static readonly string[] KeysOnly = ["RowKey"];
    private static readonly string[] TallyColumns = ["RowKey", JsonProperty, CountProperty];
    private static readonly string[] CounterColumns = ["RowKey", CountProperty];

    private readonly TableClient _table = tables.GetTableClient(IdeaNames.TableName);

    /// <summary>Adds a new idea with its vote counter at zero; false when one with this id exists already (a redelivered submission).</summary>
    public async Task<bool> CreateAsync(Idea idea, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        try
        {
            await _table.SubmitTransactionAsync(
                [
                    new(TableTransactionActionType.Add, Row(idea)),
                    new(TableTransactionActionType.Add, new TableEntity(PartitionKey(idea.TenantId, idea.Id), CounterRow) { [CountProperty] = 0 }),
                ],
                cancellationToken);
            return true;
        }
        catch (TableStorageException ex) when (ex.IsAlreadyExists)
        {
            return false;
        }
    }

    public async Task<StoredIdea?> GetAsync(string tenantId, string ideaId, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var row = await _table.GetEntityIfExistsAsync(PartitionKey(tenantId, ideaId), IdeaRow, cancellationToken);
        return row?.GetString(JsonProperty) is { } json && JsonSerializer.Deserialize<Idea>(json, Json) is { } idea ? new StoredIdea(idea, row.ETag) : null;
    }

    /// <summary>Writes <paramref name="idea"/> if the stored one still has <paramref name="etag"/>.</summary>
    /// <exception cref="TableETagMismatchException">Someone changed it since it was read.</exception>
    public Task<ETag> ReplaceAsync(Idea idea, ETag etag, CancellationToken cancellationToken) =>
        _table.UpdateEntityAsync(Row(idea), etag, TableUpdateMode.Replace, cancellationToken);

    /// <summary>
    /// Records <paramref name="voterId"/>'s vote: its vote row and its pending row in one transaction, which only adds rows, so it never
    /// waits on other voters; false when that person had voted already (the vote row exists: a 409, and nothing is written).
    /// </summary>
    public async Task<bool> AddVoteAsync(string tenantId, string ideaId, string voterId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var pk = PartitionKey(tenantId, ideaId);
        try
        {
            await _table.SubmitTransactionAsync(
                [
                    new(TableTransactionActionType.Add, new TableEntity(pk, VoteKey(voterId)) { [AtProperty] = at }),
                    new(TableTransactionActionType.Add, new TableEntity(pk, PendingKey(voterId))),
                ],
                cancellationToken);
            return true;
        }
        catch (TableStorageException ex) when (ex.IsAlreadyExists)
        {
            return false;
        }
    }

    /// <summary>
    /// Takes back <paramref name="voterId"/>'s vote, deleting the vote row and in the same transaction: its pending row if it is not folded
    /// yet; else a take-back row <c>m~{voter}</c>, which only adds a row, so take-backs never wait on each other either; and only when that
    /// row is still there from an earlier take-back not folded yet, one from the counter itself (with its ETag). A fold in between makes it
    /// read again and redo. False when there was no vote.
    /// </summary>
    /// <exception cref="TableETagMismatchException">The counter kept changing; nothing was written.</exception>
    public async Task<bool> RemoveVoteAsync(string tenantId, string ideaId, string voterId, CancellationToken cancellationToken)
    {
        var pk = PartitionKey(tenantId, ideaId);
        var pending = PendingKey(voterId);
        var withdrawn = WithdrawnKey(voterId);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var counter = await ReadCounterAsync(pk, cancellationToken);
            List<TableTransactionAction> actions = [new(TableTransactionActionType.Delete, new TableEntity(pk, VoteKey(voterId)), ETag.All)];
            if (counter.Pending.Contains(pending))
            {
                actions.Add(new(TableTransactionActionType.Delete, new TableEntity(pk, pending), ETag.All));
            }
            else if (counter.Exists && !counter.Pending.Contains(withdrawn))
            {
                actions.Add(new(TableTransactionActionType.Add, new TableEntity(pk, withdrawn)));
            }
            else if (counter.Exists)
            {
                actions.Add(new(TableTransactionActionType.UpdateMerge, new TableEntity(pk, CounterRow) { [CountProperty] = counter.Counted - 1 }, counter.ETag));
            }

            try
            {
                await _table.SubmitTransactionAsync(actions, cancellationToken);
                return true;
            }
            catch (TableTransactionFailedException ex) when (ex.IsNotFound && ex.FailedActionIndex == 0)
            {
                return false;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412)
            {
                // A fold or another take-back changed the rows this read.
            }
        }

        throw new TableETagMismatchException(null, $"The vote counter kept changing; the vote was not taken back after {MaxAttempts} attempts.");
    }

    /// <summary>
    /// Folds pending rows into the counter (at most one transaction's worth): the counter moves by what the rows deleted say, guarded by
    /// the counter's ETag, so a fold that raced another fold or a take-back fails as a whole and changes nothing. True when it folded.
    /// </summary>
    public async Task<bool> FoldAsync(string tenantId, string ideaId, VoteCounter counter, CancellationToken cancellationToken)
    {
        var pk = PartitionKey(tenantId, ideaId);
        var folded = counter.Pending.Take(TableBatch.MaxActions - 1).ToList();
        if (!counter.Exists || folded.Count == 0)
        {
            return false;
        }

        try
        {
            await _table.SubmitTransactionAsync(
                [
                    new(TableTransactionActionType.UpdateMerge, new TableEntity(pk, CounterRow) { [CountProperty] = counter.Counted + folded.Sum(Delta) }, counter.ETag),
                    .. folded.Select(key => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(pk, key), ETag.All)),
                ],
                cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
    }

    public async Task<bool> HasVotedAsync(string tenantId, string ideaId, string voterId, CancellationToken cancellationToken) =>
        await _table.GetEntityIfExistsAsync(PartitionKey(tenantId, ideaId), VoteKey(voterId), KeysOnly, cancellationToken) is not null;

    /// <summary>The count every view shows: the counter and its pending rows (or the vote rows, for an idea stored before the counter).</summary>
    public async Task<int> CountVotesAsync(string tenantId, string ideaId, CancellationToken cancellationToken)
    {
        var pk = PartitionKey(tenantId, ideaId);
        return await ReadCounterAsync(pk, cancellationToken) is { Exists: true } counter ? counter.Votes : await CountVoteRowsAsync(pk, cancellationToken);
    }

    /// <summary>The number of vote rows, read one by one: what the counter must always equal (for checks, and ideas without a counter).</summary>
    public Task<int> CountVoteRowsAsync(string tenantId, string ideaId, CancellationToken cancellationToken) =>
        CountVoteRowsAsync(PartitionKey(tenantId, ideaId), cancellationToken);

    /// <summary>The idea's counter and pending rows as stored.</summary>
    public Task<VoteCounter> ReadCounterAsync(string tenantId, string ideaId, CancellationToken cancellationToken) =>
        ReadCounterAsync(PartitionKey(tenantId, ideaId), cancellationToken);

    /// <summary>Votes and comments (oldest first) in one query of the idea's partition.</summary>
    public async Task<IdeaTally> ReadTallyAsync(string tenantId, string ideaId, CancellationToken cancellationToken) =>
        (await ReadWithTallyAsync(tenantId, ideaId, cancellationToken)).Tally;

    /// <summary>
    /// The idea row (null when there is none), its votes and comments (oldest first), and its counter, in one query of the idea's partition:
    /// the comment rows, row <c>idea</c>, the <c>m~</c> rows, row <c>n</c> and the <c>p~</c> rows sort together before the vote rows, which are not read.
    /// </summary>
    public async Task<(Idea? Idea, IdeaTally Tally, VoteCounter Counter)> ReadWithTallyAsync(string tenantId, string ideaId, CancellationToken cancellationToken)
    {
        var pk = PartitionKey(tenantId, ideaId);
        Idea? idea = null;
        var comments = new List<IdeaComment>();
        var counter = new CounterReader();
        await foreach (var row in _table.QueryAsync(TableFilter.Create($"PartitionKey eq {pk} and RowKey gt {CommentPrefix} and RowKey lt {VotePrefix}"), TableClient.MaxPageSize, TallyColumns, cancellationToken))
        {
            if (counter.Read(row))
            {
                continue;
            }

            if (row.RowKey.StartsWith(CommentPrefix, StringComparison.Ordinal) && row.GetString(JsonProperty) is { } json && JsonSerializer.Deserialize<IdeaComment>(json, Json) is { } comment)
            {
                comments.Add(comment);
            }
            else if (row.RowKey == IdeaRow && row.GetString(JsonProperty) is { } ideaJson)
            {
                idea = JsonSerializer.Deserialize<Idea>(ideaJson, Json);
            }
        }

        var read = counter.Result;
        var votes = read.Exists ? read.Votes : idea is null ? 0 : await CountVoteRowsAsync(pk, cancellationToken);
        return (idea, new IdeaTally(votes, [.. comments.OrderBy(c => c.At)]), read);
    }

    /// <summary>Adds a comment once: <paramref name="key"/> names the submission, so a redelivery is a 409, ignored.</summary>
    public async Task AddCommentAsync(string tenantId, string ideaId, string key, IdeaComment comment, CancellationToken cancellationToken)
    {
        try
        {
            await _table.AddEntityAsync(new TableEntity(PartitionKey(tenantId, ideaId), CommentPrefix + key) { [JsonProperty] = JsonSerializer.Serialize(comment, Json) }, cancellationToken);
        }
        catch (TableStorageException ex) when (ex.IsAlreadyExists)
        {
            // The same comment delivered again.
        }
    }

    /// <summary>
    /// Files the idea under its team and its submitter: pointer rows (newest first by key) that never change, so writing them
    /// again (a redelivery) is harmless; unconditional on purpose.
    /// </summary>
    public async Task IndexAsync(Idea idea, CancellationToken cancellationToken)
    {
        var key = IndexKey(idea);
        await _table.UpsertEntityAsync(new TableEntity(TeamIndex(idea.TenantId, idea.TeamId), key), TableUpdateMode.Replace, cancellationToken);
        await _table.UpsertEntityAsync(new TableEntity(UserIndex(idea.TenantId, idea.SubmitterId), key), TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>The ids of a team's ideas, newest first, at most <paramref name="limit"/>.</summary>
    public Task<IReadOnlyList<string>> TeamIdeaIdsAsync(string tenantId, string teamId, int limit, CancellationToken cancellationToken) =>
        IndexedAsync(TeamIndex(tenantId, teamId), limit, cancellationToken);

    /// <summary>The ids of a person's ideas, newest first, at most <paramref name="limit"/>.</summary>
    public Task<IReadOnlyList<string>> UserIdeaIdsAsync(string tenantId, string userId, int limit, CancellationToken cancellationToken) =>
        IndexedAsync(UserIndex(tenantId, userId), limit, cancellationToken);

    private async Task<IReadOnlyList<string>> IndexedAsync(string pk, int limit, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var ids = new List<string>();
        await foreach (var row in _table.QueryAsync(TableFilter.PartitionKeyEquals(pk), Math.Min(limit, TableClient.MaxPageSize), KeysOnly, cancellationToken))
        {
            ids.Add(row.RowKey[(row.RowKey.IndexOf('~', StringComparison.Ordinal) + 1)..]);
            if (ids.Count == limit)
            {
                break;
            }
        }

        return ids;
    }

    private async Task<VoteCounter> ReadCounterAsync(string pk, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var counter = new CounterReader();
        await foreach (var row in _table.QueryAsync(TableFilter.Create($"PartitionKey eq {pk} and RowKey ge {WithdrawnPrefix} and RowKey lt {VotePrefix}"), TableClient.MaxPageSize, CounterColumns, cancellationToken))
        {
            counter.Read(row);
        }

        return counter.Result;
    }

    private async Task<int> CountVoteRowsAsync(string pk, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var count = 0;
        await foreach (var _ in _table.QueryAsync(TableFilter.Create($"PartitionKey eq {pk} and RowKey gt {VotePrefix} and RowKey lt {VoteEnd}"), TableClient.MaxPageSize, KeysOnly, cancellationToken))
        {
            count++;
        }

        return count;
    }

    private static string IndexKey(Idea idea) =>
        (DateTimeOffset.MaxValue.UtcTicks - idea.SubmittedAt.UtcTicks).ToString("D19", System.Globalization.CultureInfo.InvariantCulture) + "~" + idea.Id;

    private static string TeamIndex(string tenantId, string teamId) => TableKeys.ToSafeKey(tenantId) + "~t~" + TableKeys.ToSafeKey(teamId);

    private static string UserIndex(string tenantId, string userId) => TableKeys.ToSafeKey(tenantId) + "~u~" + TableKeys.ToSafeKey(userId.ToLowerInvariant());

    private static string PartitionKey(string tenantId, string ideaId) => TableKeys.ToSafeKey(tenantId) + "~i~" + ideaId;

    private static string VoteKey(string voterId) => VotePrefix + TableKeys.ToSafeKey(voterId.ToLowerInvariant());

    /// <summary>What a pending row does to the count: +1 for a vote added, −1 for a folded vote taken back.</summary>
    public static int Delta(string pendingKey) => pendingKey.StartsWith(WithdrawnPrefix, StringComparison.Ordinal) ? -1 : 1;

    private static string PendingKey(string voterId) => PendingPrefix + TableKeys.ToSafeKey(voterId.ToLowerInvariant());

    private static string WithdrawnKey(string voterId) => WithdrawnPrefix + TableKeys.ToSafeKey(voterId.ToLowerInvariant());

    /// <summary>Collects the counter row and the pending rows from a query of the idea's partition.</summary>
    private sealed class CounterReader
    {
        private readonly List<string> _pending = [];
        private TableEntity? _counter;

        public VoteCounter Result => new(_counter?.GetInt32(CountProperty) ?? 0, _counter?.ETag ?? default, _pending);

        /// <summary>True when <paramref name="row"/> is the counter or a pending row.</summary>
        public bool Read(TableEntity row)
        {
            if (row.RowKey == CounterRow)
            {
                _counter = row;
                return true;
            }

            if (row.RowKey.StartsWith(PendingPrefix, StringComparison.Ordinal) || row.RowKey.StartsWith(WithdrawnPrefix, StringComparison.Ordinal))
            {
                _pending.Add(row.RowKey);
                return true;
            }

            return false;
        }
    }

    private static TableEntity Row(Idea idea) =>
        new(PartitionKey(idea.TenantId, idea.Id), IdeaRow) { [JsonProperty] = JsonSerializer.Serialize(idea, Json) };
}
