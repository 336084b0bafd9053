using Azure;
using CxBot.Storage;

namespace CxBot.Features.Ideas;

/// <summary>One vote (<paramref name="Add"/>) or take-back by one person.</summary>
internal sealed record VoteChange(string VoterId, bool Add, DateTimeOffset At);

/// <summary>
/// What a group of vote changes came to: the idea after them (null: there is no such idea), and for each change true (written),
/// false (nothing to do: had voted already, or had not voted) or null (refused: the idea takes no votes, nothing written).
/// </summary>
internal sealed record VoteCommit(StoredIdea? Idea, IReadOnlyList<bool?> Changed);

/// <summary>Votes: each transaction holds vote rows (added or deleted) and the idea row's new count, merged with the ETag read.</summary>
internal sealed partial class IdeaStore
{
    /// <summary>Vote rows per transaction: a transaction holds 100 actions, one of them the idea row.</summary>
    public const int MaxVotesPerTransaction = TableBatch.MaxActions - 1;

    /// <summary>How many times a transaction is retried after another writer changed the idea row (each time, that writer made progress).</summary>
    private const int MaxConflicts = 20;

    /// <summary>
    /// Records the votes of <paramref name="votes"/> on the idea (any number, whatever its status), in transactions of at most
    /// <see cref="MaxVotesPerTransaction"/> vote rows plus the idea row's count: true for each vote added, false for a person who had
    /// voted already (or is named twice).
    /// </summary>
    /// <exception cref="TableStorageException">Status 404: there is no such idea.</exception>
    /// <exception cref="TableETagMismatchException">Other writers kept changing the idea; the votes answered so far are written.</exception>
    public async Task<IReadOnlyList<bool>> AddVotesAsync(string tenantId, string ideaId, IReadOnlyList<(string VoterId, DateTimeOffset At)> votes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(votes);
        if (votes.Count == 0)
        {
            return [];
        }

        var commit = await CommitVotesAsync(tenantId, ideaId, [.. votes.Select(v => new VoteChange(v.VoterId, true, v.At))], _ => true, null, cancellationToken);
        return commit.Idea is null
            ? throw new TableStorageException(404, TableErrorCodes.ResourceNotFound, "There is no such idea to vote on.")
            : [.. commit.Changed.Select(c => c == true)];
    }

    /// <summary>Records one vote; false when that person had voted already.</summary>
    /// <exception cref="TableStorageException">Status 404: there is no such idea.</exception>
    public async Task<bool> AddVoteAsync(string tenantId, string ideaId, string voterId, DateTimeOffset at, CancellationToken cancellationToken) =>
        (await AddVotesAsync(tenantId, ideaId, [(voterId, at)], cancellationToken))[0];

    /// <summary>
    /// Applies <paramref name="changes"/> to one idea while <paramref name="accepts"/> says it takes votes, starting from
    /// <paramref name="known"/> (the row as last read or written, or null to read it). Each round sends at most one change per person,
    /// so a person's later changes see the outcome of their earlier ones. A 409 (add) or 404 (take-back) at one vote row answers that
    /// person and the rest are sent again; a 412 on the idea row re-reads it (and asks <paramref name="accepts"/> again).
    /// </summary>
    /// <exception cref="TableETagMismatchException">Other writers kept changing the idea; changes answered so far are written.</exception>
    public async Task<VoteCommit> CommitVotesAsync(
        string tenantId, string ideaId, IReadOnlyList<VoteChange> changes, Func<Idea, bool> accepts, StoredIdea? known, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(accepts);
        var pk = PartitionKey(tenantId, ideaId);
        var changed = new bool?[changes.Count];
        var done = new bool[changes.Count];

        // Whether a person's vote row exists, as learned in this call: every change here was waiting while it was learned.
        var exists = new Dictionary<string, bool>(StringComparer.Ordinal);
        var stored = known;
        var conflicts = 0;
        while (true)
        {
            var round = new List<(int Index, string Key)>();
            var keys = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < changes.Count; i++)
            {
                var key = VoteKey(changes[i].VoterId);
                if (done[i] || !keys.Add(key))
                {
                    continue;
                }

                if (exists.TryGetValue(key, out var present) && present == changes[i].Add)
                {
                    (changed[i], done[i]) = (false, true);
                }
                else if (round.Count < MaxVotesPerTransaction)
                {
                    round.Add((i, key));
                }
            }

            if (round.Count == 0 && done.All(d => d))
            {
                return new VoteCommit(stored, changed);
            }

            if (round.Count == 0)
            {
                // Only later changes of people answered just now are left: the next round picks them up.
                continue;
            }

            stored ??= await GetAsync(tenantId, ideaId, cancellationToken);
            if (stored is null || !accepts(stored.Idea))
            {
                return new VoteCommit(stored, [.. changed.Select((c, i) => done[i] ? c : null)]);
            }

            var votes = stored.Tally.Votes + round.Sum(r => changes[r.Index].Add ? 1 : -1);
            var actions = new List<TableTransactionAction>(round.Count + 1) { new(TableTransactionActionType.UpdateMerge, IdeaRow.Votes(pk, ideaId, votes), stored.ETag) };
            actions.AddRange(round.Select(r => changes[r.Index].Add
                ? new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(pk, r.Key) { [AtProperty] = changes[r.Index].At })
                : new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(pk, r.Key), ETag.All)));
            try
            {
                var etags = await _table.SubmitTransactionAsync(actions, cancellationToken);
                stored = stored with { ETag = etags[0], Tally = stored.Tally with { Votes = votes } };
                foreach (var (index, key) in round)
                {
                    (changed[index], done[index], exists[key]) = (true, true, changes[index].Add);
                }
            }
            catch (TableTransactionFailedException ex) when (ex.FailedActionIndex is int at && at > 0 && at <= round.Count && ex.Status is 409 or 404)
            {
                // That person had voted already (409 on the add) or had not (404 on the delete); nothing was written, so the ETag still holds.
                var (index, key) = round[ex.FailedActionIndex!.Value - 1];
                (changed[index], done[index], exists[key]) = (false, true, changes[index].Add);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 412 || ex.FailedActionIndex == 0)
            {
                if (++conflicts > MaxConflicts)
                {
                    throw new TableETagMismatchException(TableErrorCodes.UpdateConditionNotSatisfied, "The idea kept changing while votes were saved.");
                }

                stored = null;
            }
        }
    }

    private static string VoteKey(string voterId) => VotePrefix + TableKeys.ToSafeKey(voterId.ToLowerInvariant());
}
