namespace CxBot.Features.Ideas;

/// <summary>The scorecards' view of ideas (<see cref="IIdeaResults"/>): the team index, then each idea's row, a few at a time.</summary>
internal sealed class IdeaResults(IdeaStore store) : IIdeaResults
{
    /// <summary>How many idea rows are read at once.</summary>
    private const int ReadsAtOnce = 8;

    public async Task<IReadOnlyList<IdeaRecord>> TeamIdeasAsync(string tenantId, string teamId, int newest, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(newest);
        var ids = await store.TeamIdeaIdsAsync(tenantId, teamId, newest, cancellationToken);
        var read = new IdeaRecord?[ids.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, ids.Count),
            new ParallelOptions { MaxDegreeOfParallelism = ReadsAtOnce, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                if (await store.GetAsync(tenantId, ids[i], ct) is { } stored)
                {
                    var idea = stored.Idea;
                    read[i] = new IdeaRecord(idea.Id, idea.TeamId, idea.Text.Problem, idea.SubmittedAt, idea.Status, stored.Tally.Votes, idea.Decisions);
                }
            });
        return [.. read.OfType<IdeaRecord>()];
    }

    public Task<int> CountVoteRowsAsync(string tenantId, string ideaId, CancellationToken cancellationToken) =>
        store.CountVotesAsync(tenantId, ideaId, cancellationToken);
}
