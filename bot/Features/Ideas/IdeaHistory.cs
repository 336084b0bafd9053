namespace CxBot.Features.Ideas;

/// <summary>
/// An idea's decisions (<see cref="Idea.Decisions"/>): each status change is appended in the same write as the status, guarded
/// by the idea row's ETag, so the history and the status never disagree and a change that is not written leaves no entry.
/// </summary>
internal static class IdeaHistory
{
    /// <summary>
    /// The most decisions kept on one idea; beyond it the oldest are dropped, so a row can never outgrow its column
    /// (a string column holds at most 32,000 characters; a decision takes about 110).
    /// </summary>
    public const int MaxKept = 200;

    /// <summary><paramref name="idea"/> moved to <paramref name="decision"/>'s status, with the decision appended to its history.</summary>
    public static Idea Record(Idea idea, IdeaDecision decision) =>
        idea with { Status = decision.Status, Decisions = [.. idea.Decisions.TakeLast(MaxKept - 1), decision] };

    /// <summary>
    /// The history as read: <paramref name="stored"/>, or, for an idea that has left <see cref="IdeaStatus.New"/> but has no
    /// decision stored (written before decisions were kept), one decision made up from what the idea says now: its current status,
    /// at its <see cref="Idea.UpdatedAt"/>, by its <see cref="Idea.DeciderId"/> (the submitter for a withdrawal; empty when not
    /// known). Earlier steps of such an idea (accepted before it was implemented) are not known.
    /// </summary>
    public static IReadOnlyList<IdeaDecision> OrSynthesized(Idea idea, IReadOnlyList<IdeaDecision>? stored) =>
        stored is { Count: > 0 } ? stored
        : idea.Status == IdeaStatus.New ? []
        : [new IdeaDecision(idea.Status, idea.UpdatedAt, (idea.Status == IdeaStatus.Withdrawn ? idea.SubmitterId : idea.DeciderId) ?? "")];
}
