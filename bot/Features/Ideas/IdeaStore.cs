using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using CxBot.Storage;

namespace CxBot.Features.Ideas;

/// <summary>An idea as read, with the ETag a change must carry.</summary>
internal sealed record StoredIdea(Idea Idea, ETag ETag);

/// <summary>
/// The <c>Ideas</c> table. Each idea has its own partition (tenant + idea id), so votes on different ideas never contend:
/// row <c>idea</c> holds the idea as JSON; rows <c>c~{key}</c> its comments; rows <c>v~{voter}</c> are its votes, one per person by key, so a second add is a 409
/// and the count is the number of rows, exact under any concurrency or redelivery. Index partitions (tenant + team, tenant + user)
/// hold one pointer row per idea for the lists.
/// </summary>
internal sealed class IdeaStore(TableServiceClient tables)
{
    private const string IdeaRow = "idea";
    private const string VotePrefix = "v~";
    private const string VoteEnd = "w";
    private const string CommentPrefix = "c~";
    private const string JsonProperty = "Json";
    private const string AtProperty = "At";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private static readonly string[] KeysOnly = ["RowKey"];
    private static readonly string[] TallyColumns = ["RowKey", JsonProperty];

    private readonly TableClient _table = tables.GetTableClient(IdeaNames.TableName);

    /// <summary>Adds a new idea; false when one with this id exists already (a redelivered submission).</summary>
    public async Task<bool> CreateAsync(Idea idea, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        try
        {
            await _table.AddEntityAsync(Row(idea), cancellationToken);
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

    /// <summary>Records <paramref name="voterId"/>'s vote; false when that person had voted already.</summary>
    public async Task<bool> AddVoteAsync(string tenantId, string ideaId, string voterId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        try
        {
            await _table.AddEntityAsync(new TableEntity(PartitionKey(tenantId, ideaId), VoteKey(voterId)) { [AtProperty] = at }, cancellationToken);
            return true;
        }
        catch (TableStorageException ex) when (ex.IsAlreadyExists)
        {
            return false;
        }
    }

    /// <summary>Takes back <paramref name="voterId"/>'s vote (unconditional on purpose: a vote row is never changed); false when there was none.</summary>
    public Task<bool> RemoveVoteAsync(string tenantId, string ideaId, string voterId, CancellationToken cancellationToken) =>
        _table.DeleteEntityAsync(PartitionKey(tenantId, ideaId), VoteKey(voterId), ETag.All, cancellationToken);

    public async Task<bool> HasVotedAsync(string tenantId, string ideaId, string voterId, CancellationToken cancellationToken) =>
        await _table.GetEntityIfExistsAsync(PartitionKey(tenantId, ideaId), VoteKey(voterId), KeysOnly, cancellationToken) is not null;

    /// <summary>The number of vote rows: the one count every view shows.</summary>
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

    /// <summary>Votes (the number of vote rows) and comments (oldest first) in one query of the idea's partition.</summary>
    public async Task<IdeaTally> ReadTallyAsync(string tenantId, string ideaId, CancellationToken cancellationToken) =>
        (await ReadWithTallyAsync(tenantId, ideaId, cancellationToken)).Tally;

    /// <summary>
    /// The idea row (null when there is none), its votes (the number of vote rows) and comments (oldest first) in one query of the
    /// idea's partition: row <c>idea</c> sorts between the comment and the vote rows, so the same range holds all three.
    /// </summary>
    public async Task<(Idea? Idea, IdeaTally Tally)> ReadWithTallyAsync(string tenantId, string ideaId, CancellationToken cancellationToken)
    {
        var pk = PartitionKey(tenantId, ideaId);
        Idea? idea = null;
        var votes = 0;
        var comments = new List<IdeaComment>();
        await foreach (var row in _table.QueryAsync(TableFilter.Create($"PartitionKey eq {pk} and RowKey gt {CommentPrefix}"), TableClient.MaxPageSize, TallyColumns, cancellationToken))
        {
            if (row.RowKey.StartsWith(VotePrefix, StringComparison.Ordinal))
            {
                votes++;
            }
            else if (row.RowKey.StartsWith(CommentPrefix, StringComparison.Ordinal) && row.GetString(JsonProperty) is { } json && JsonSerializer.Deserialize<IdeaComment>(json, Json) is { } comment)
            {
                comments.Add(comment);
            }
            else if (row.RowKey == IdeaRow && row.GetString(JsonProperty) is { } ideaJson)
            {
                idea = JsonSerializer.Deserialize<Idea>(ideaJson, Json);
            }
        }

        return (idea, new IdeaTally(votes, [.. comments.OrderBy(c => c.At)]));
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

    private static string IndexKey(Idea idea) =>
        (DateTimeOffset.MaxValue.UtcTicks - idea.SubmittedAt.UtcTicks).ToString("D19", System.Globalization.CultureInfo.InvariantCulture) + "~" + idea.Id;

    private static string TeamIndex(string tenantId, string teamId) => TableKeys.ToSafeKey(tenantId) + "~t~" + TableKeys.ToSafeKey(teamId);

    private static string UserIndex(string tenantId, string userId) => TableKeys.ToSafeKey(tenantId) + "~u~" + TableKeys.ToSafeKey(userId.ToLowerInvariant());

    private static string PartitionKey(string tenantId, string ideaId) => TableKeys.ToSafeKey(tenantId) + "~i~" + ideaId;

    private static string VoteKey(string voterId) => VotePrefix + TableKeys.ToSafeKey(voterId.ToLowerInvariant());

    private static TableEntity Row(Idea idea) =>
        new(PartitionKey(idea.TenantId, idea.Id), IdeaRow) { [JsonProperty] = JsonSerializer.Serialize(idea, Json) };
}
