namespace CxBot.Features.Ideas;

/// <summary>
/// Group commit of votes within this instance: while a transaction for an idea is in flight, the votes and take-backs that arrive for
/// it wait, then go together in the next one (up to <see cref="IdeaStore.MaxVotesPerTransaction"/>). The only state is the queue of
/// changes in flight and the idea row as last written, whose ETag makes any other instance's change a 412 and a re-read;
/// when the queue empties, the idea's entry is dropped.
/// </summary>
internal sealed class IdeaVoteQueue(IdeaStore store)
{
    private readonly Dictionary<(string TenantId, string IdeaId), List<Waiter>> _waiting = [];
    private readonly Lock _lock = new();

    /// <summary>Applies one change while the idea is open; the answer comes when the transaction that carries it is done.</summary>
    /// <exception cref="Storage.TableETagMismatchException">Other writers kept changing the idea.</exception>
    public Task<VoteAnswer> SubmitAsync(string tenantId, string ideaId, VoteChange change, CancellationToken cancellationToken)
    {
        var waiter = new Waiter(change, new TaskCompletionSource<VoteAnswer>(TaskCreationOptions.RunContinuationsAsynchronously));
        var key = (tenantId, ideaId);
        bool lead;
        lock (_lock)
        {
            lead = !_waiting.TryGetValue(key, out var queue);
            if (lead)
            {
                queue = [];
                _waiting.Add(key, queue);
            }

            queue!.Add(waiter);
        }

        if (lead)
        {
            _ = Task.Run(() => DrainAsync(key), CancellationToken.None);
        }

        return waiter.Answer.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Commits what is waiting, round after round, until nothing is. Runs for many requests, so under no request's token: each
    /// storage call has the client's own timeout.
    /// </summary>
    private async Task DrainAsync((string TenantId, string IdeaId) key)
    {
        StoredIdea? known = null;
        while (true)
        {
            List<Waiter> batch;
            lock (_lock)
            {
                var queue = _waiting[key];
                if (queue.Count == 0)
                {
                    _waiting.Remove(key);
                    return;
                }

                batch = [.. queue.Take(IdeaStore.MaxVotesPerTransaction)];
                queue.RemoveRange(0, batch.Count);
            }

            try
            {
                var commit = await store.CommitVotesAsync(key.TenantId, key.IdeaId, [.. batch.Select(w => w.Change)], i => i.IsOpen, known, CancellationToken.None);
                known = commit.Idea;
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Answer.TrySetResult(new VoteAnswer(commit.Idea, commit.Changed[i]));
                }
            }
#pragma warning disable CA1031 // Every waiter gets the failure, whatever it is; the drain goes on with the next round.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                known = null;
                batch.ForEach(w => w.Answer.TrySetException(ex));
            }
        }
    }

    private sealed record Waiter(VoteChange Change, TaskCompletionSource<VoteAnswer> Answer);
}

/// <summary>One change's answer: the idea after its transaction (null: no such idea) and whether it changed anything (null: refused, the idea is closed).</summary>
internal sealed record VoteAnswer(StoredIdea? Idea, bool? Changed);
