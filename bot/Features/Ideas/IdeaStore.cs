using System.Text.Json;
using Azure;
using CxBot.Storage;

namespace CxBot.Features.Ideas;

/// <summary>
/// The <c>Ideas</c> table. Each idea has its own partition (tenant + idea id), so votes on different ideas never contend:
/// row <c>idea~{id}</c> holds the idea and what it has gathered (see <see cref="IdeaRow"/>); rows <c>c~{key}</c> its comments; rows
/// <c>v~{voter}</c> its votes, one per person by key, so a second add is a 409. Every vote, take-back and comment changes its own
/// row and the idea row (guarded by the ETag read) in one transaction, so the count on the idea row always equals the rows.
/// Index partitions (tenant + team, tenant + user) hold one pointer row per idea for the lists.
/// </summary>
internal sealed partial class IdeaStore(TableServiceClient tables)
{
    private const string VotePrefix = "v~";
    private const string VoteEnd = "w";
    private const string CommentPrefix = "c~";
    private const string CommentEnd = "d";
    private const string JsonProperty = "Json";
    private const string AtProperty = "At";
    private const int MaxAttempts = 5;

    private static readonly string[] KeysOnly = ["RowKey"];
    private static readonly string[] CommentColumns = ["RowKey", JsonProperty];

    private readonly TableClient _table = tables.GetTableClient(IdeaNames.TableName);

    /// <summary>Adds a new idea; false when one with this id exists already (a redelivered submission).</summary>
    public async Task<bool> CreateAsync(Idea idea, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var pk = PartitionKey(idea.TenantId, idea.Id);
        if (await _table.GetEntityIfExistsAsync(pk, IdeaRow.LegacyKey, KeysOnly, cancellationToken) is not null)
        {
            return false; // Stored by an earlier version under the old key: moved on its first read.
        }

        try
        {
            await _table.AddEntityAsync(IdeaRow.New(pk, idea), cancellationToken);
            return true;
        }
        catch (TableStorageException ex) when (ex.IsAlreadyExists)
        {
            return false;
        }
    }

    /// <summary>
    /// The idea with its vote count, latest comments and comment count, in one point read. A row stored before the idea had its own
    /// row key (or before the count columns existed) is moved here, once: counted if need be, added under the new key and deleted
    /// under the old one with the ETag read, in one transaction.
    /// </summary>
    /// <exception cref="TableETagMismatchException">The old row kept changing while it was being moved.</exception>
    public async Task<StoredIdea?> GetAsync(string tenantId, string ideaId, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var pk = PartitionKey(tenantId, ideaId);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (await _table.GetEntityIfExistsAsync(pk, IdeaRow.Key(ideaId), cancellationToken) is { } row)
            {
                return IdeaRow.Read(row) is { Tally: { } tally } read ? new StoredIdea(read.Idea, row.ETag, tally) : null;
            }

            var legacy = await _table.GetEntityIfExistsAsync(pk, IdeaRow.LegacyKey, cancellationToken);
            if (legacy is null && attempt == 1)
            {
                // Another reader may have moved it between the two reads (new row added, old one deleted): look again.
                continue;
            }

            if (legacy is null || IdeaRow.Read(legacy) is not { } old)
            {
                return null;
            }

            var counted = old.Tally ?? await CountRowsAsync(pk, cancellationToken);
            try
            {
                var etags = await _table.SubmitTransactionAsync(
                    [
                        new(TableTransactionActionType.Add, IdeaRow.Moved(legacy, ideaId, counted with { Comments = [.. counted.Comments.TakeLast(IdeaNames.LatestComments)] })),
                        new(TableTransactionActionType.Delete, new TableEntity(pk, IdeaRow.LegacyKey), legacy.ETag),
                    ],
                    cancellationToken);
                return new StoredIdea(old.Idea, etags[0], counted with { Comments = [.. counted.Comments.TakeLast(IdeaNames.LatestComments)] });
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412 or 404)
            {
                // Another reader moved it first (409 on the add, or the old row gone), or a writer changed it while this counted: read again.
            }
        }

        throw new TableETagMismatchException(TableErrorCodes.UpdateConditionNotSatisfied, "The idea kept changing while it was moved to its own row key.");
    }

    /// <summary>Writes <paramref name="idea"/>'s own columns (merged: its count and comments stay) if the row still has <paramref name="etag"/>.</summary>
    /// <exception cref="TableETagMismatchException">Someone changed it since it was read.</exception>
    public Task<ETag> ReplaceAsync(Idea idea, ETag etag, CancellationToken cancellationToken) =>
        _table.UpdateEntityAsync(IdeaRow.Text(PartitionKey(idea.TenantId, idea.Id), idea), etag, TableUpdateMode.Merge, cancellationToken);

    public async Task<bool> HasVotedAsync(string tenantId, string ideaId, string voterId, CancellationToken cancellationToken) =>
        await _table.GetEntityIfExistsAsync(PartitionKey(tenantId, ideaId), VoteKey(voterId), KeysOnly, cancellationToken) is not null;

    /// <summary>The number of vote rows, counted one by one: the check on the count kept on the idea row.</summary>
    public async Task<int> CountVotesAsync(string tenantId, string ideaId, CancellationToken cancellationToken)
    {
        var pk = PartitionKey(tenantId, ideaId);
        var count = 0;
        await foreach (var _ in _table.QueryAsync(TableFilter.Create($"PartitionKey eq {pk} and RowKey gt {VotePrefix} and RowKey lt {VoteEnd}"), TableClient.MaxPageSize, KeysOnly, cancellationToken))
        {
            count++;
        }

        return count;
    }

    /// <summary>Every comment, oldest first (a query of the comment rows: only when someone asks for all of them).</summary>
    public async Task<IReadOnlyList<IdeaComment>> ReadCommentsAsync(string tenantId, string ideaId, CancellationToken cancellationToken)
    {
        var pk = PartitionKey(tenantId, ideaId);
        var comments = new List<IdeaComment>();
        await foreach (var row in _table.QueryAsync(TableFilter.Create($"PartitionKey eq {pk} and RowKey gt {CommentPrefix} and RowKey lt {CommentEnd}"), TableClient.MaxPageSize, CommentColumns, cancellationToken))
        {
            if (row.GetString(JsonProperty) is { } json && JsonSerializer.Deserialize<IdeaComment>(json, IdeaRow.Json) is { } comment)
            {
                comments.Add(comment);
            }
        }

        return [.. comments.OrderBy(c => c.At)];
    }

    /// <summary>
    /// Adds a comment once, in one transaction with the idea row's latest comments and comment count (guarded by the ETag read):
    /// <paramref name="key"/> names the submission, so a redelivery is a 409 and changes nothing. Starts from <paramref name="stored"/>;
    /// after a 412 it reads the idea again and asks <paramref name="accepts"/> again. Null when there is no such idea or it takes no comments.
    /// </summary>
    /// <exception cref="TableETagMismatchException">The idea kept changing; nothing was saved.</exception>
    public async Task<StoredIdea?> AddCommentAsync(StoredIdea stored, string key, IdeaComment comment, Func<Idea, bool> accepts, CancellationToken cancellationToken)
    {
        var pk = PartitionKey(stored.Idea.TenantId, stored.Idea.Id);
        StoredIdea? current = stored;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            current ??= await GetAsync(stored.Idea.TenantId, stored.Idea.Id, cancellationToken);
            if (current is null || !accepts(current.Idea))
            {
                return null;
            }

            var tally = new IdeaTally(current.Tally.Votes, [.. current.Tally.Comments, comment], current.Tally.CommentCount + 1);
            try
            {
                var etags = await _table.SubmitTransactionAsync(
                    [
                        new(TableTransactionActionType.UpdateMerge, IdeaRow.Tally(pk, stored.Idea.Id, tally), current.ETag),
                        new(TableTransactionActionType.Add, new TableEntity(pk, CommentPrefix + key) { [JsonProperty] = JsonSerializer.Serialize(comment, IdeaRow.Json) }),
                    ],
                    cancellationToken);
                return current with { ETag = etags[0], Tally = tally with { Comments = [.. tally.Comments.TakeLast(IdeaNames.LatestComments)] } };
            }
            catch (TableTransactionFailedException ex) when (ex.FailedActionIndex == 1 && ex.IsAlreadyExists)
            {
                // The same comment delivered again.
                return current;
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 412)
            {
                current = null;
            }
        }

        throw new TableETagMismatchException(TableErrorCodes.UpdateConditionNotSatisfied, "The idea kept changing while a comment was added.");
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

    private static string IndexKey(Idea idea) =>
        (DateTimeOffset.MaxValue.UtcTicks - idea.SubmittedAt.UtcTicks).ToString("D19", System.Globalization.CultureInfo.InvariantCulture) + "~" + idea.Id;

    private static string TeamIndex(string tenantId, string teamId) => TableKeys.ToSafeKey(tenantId) + "~t~" + TableKeys.ToSafeKey(teamId);

    private static string UserIndex(string tenantId, string userId) => TableKeys.ToSafeKey(tenantId) + "~u~" + TableKeys.ToSafeKey(userId.ToLowerInvariant());

    private static string PartitionKey(string tenantId, string ideaId) => TableKeys.ToSafeKey(tenantId) + "~i~" + ideaId;

    /// <summary>The votes and comments of a row stored before the count columns existed, counted in one query of its partition.</summary>
    private async Task<IdeaTally> CountRowsAsync(string pk, CancellationToken cancellationToken)
    {
        var votes = 0;
        var comments = new List<IdeaComment>();
        await foreach (var row in _table.QueryAsync(TableFilter.Create($"PartitionKey eq {pk} and RowKey gt {CommentPrefix}"), TableClient.MaxPageSize, CommentColumns, cancellationToken))
        {
            if (row.RowKey.StartsWith(VotePrefix, StringComparison.Ordinal))
            {
                votes++;
            }
            else if (row.RowKey.StartsWith(CommentPrefix, StringComparison.Ordinal) && row.GetString(JsonProperty) is { } json && JsonSerializer.Deserialize<IdeaComment>(json, IdeaRow.Json) is { } comment)
            {
                comments.Add(comment);
            }
        }

        return new IdeaTally(votes, [.. comments.OrderBy(c => c.At)], comments.Count);
    }
}
