namespace CxBot.Features.Ideas;

/// <summary>
/// What ideas recorded, for the scorecards: a team's ideas with their status, vote count and every decision taken on them,
/// and a count of vote rows to check the count kept on an idea. Implemented by <see cref="IdeaResults"/> over the
/// <c>Ideas</c> table; registered with <see cref="IdeasFeature.AddIdeaResults"/>.
/// </summary>
internal interface IIdeaResults
{
    /// <summary>
    /// The team's ideas, newest submitted first, at most <paramref name="newest"/> of them: every idea shared with the team
    /// (<see cref="IdeaRecord.TeamId"/>), whatever its status, withdrawn ones included. Each is one point read of the idea's row,
    /// so the vote count and the decisions are as of the read (a row still under the old shared key is moved on that read, see
    /// <see cref="IdeaStore.GetAsync"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="newest"/> is not positive.</exception>
    /// <exception cref="CxBot.Storage.TableStorageException">Storage failed.</exception>
    Task<IReadOnlyList<IdeaRecord>> TeamIdeasAsync(string tenantId, string teamId, int newest, CancellationToken cancellationToken);

    /// <summary>
    /// The idea's votes counted one by one from its vote rows (one row per person who votes for it now; a vote taken back has no
    /// row): the recomputation's check on <see cref="IdeaRecord.Votes"/>, which equals it unless something is wrong. 0 for an
    /// idea that does not exist.
    /// </summary>
    /// <exception cref="CxBot.Storage.TableStorageException">Storage failed.</exception>
    Task<int> CountVoteRowsAsync(string tenantId, string ideaId, CancellationToken cancellationToken);
}

/// <summary>
/// One idea as the scorecards see it.
/// <see cref="Title"/>: the problem the submitter described (their text, unclipped: data to show, never to log).
/// <see cref="SubmittedAt"/>: when it was shared. <see cref="Status"/>: its status now.
/// <see cref="Votes"/>: the people who vote for it now, the count kept on the idea's row (written with the vote rows in one transaction).
/// <see cref="Decisions"/>: every status change, oldest first, each with the status it set, when, and by whom: a manager's
/// decisions (New → Implemented in one step is one decision; accepted then implemented is two) and the submitter's withdrawal.
/// A figure "accepted in the week" counts the ideas with a decision to <see cref="IdeaStatus.Accepted"/> whose time falls in the week,
/// whatever the status is now. An idea stored before decisions were kept has one decision made up from its status now, at
/// the time it last changed (see <see cref="IdeaHistory.OrSynthesized"/>); empty while the idea is new.
/// </summary>
internal sealed record IdeaRecord(
    string Id,
    string TeamId,
    string Title,
    DateTimeOffset SubmittedAt,
    IdeaStatus Status,
    int Votes,
    IReadOnlyList<IdeaDecision> Decisions);
