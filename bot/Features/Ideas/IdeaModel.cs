using System.Text.Json.Serialization;

namespace CxBot.Features.Ideas;

/// <summary>Where an idea is in its life: new → under review → accepted → implemented, or declined, archived or withdrawn.</summary>
internal enum IdeaStatus
{
    New,
    UnderReview,
    Accepted,
    Implemented,
    Declined,
    Archived,
    Withdrawn,
}

/// <summary>What the submitter wrote (already validated): the problem, the proposal, the benefit and optional links.</summary>
internal sealed record IdeaText(string Problem, string Proposal, string? Benefit, string? TouchpointId, string? StandardId, string? IncidentRef);

/// <summary>
/// One idea of one team. <see cref="ChannelActivityId"/> is the card posted to the team's channel, updated in place.
/// Votes and comments are not in this record: they are rows of their own, with their count kept on the idea's row (see <see cref="IdeaStore"/>).
/// <see cref="Decisions"/> is its history, kept in a column of its own on the same row (see <see cref="IdeaRow"/>).
/// </summary>
internal sealed record Idea(
    string Id,
    string TenantId,
    string TeamId,
    string SubmitterId,
    string? SubmitterName,
    IdeaText Text,
    IdeaStatus Status,
    string? Reason,
    string? DeciderId,
    DateTimeOffset SubmittedAt,
    DateTimeOffset UpdatedAt,
    string? ChannelActivityId)
{
    /// <summary>Votes can be given or taken back while the idea is still open.</summary>
    public bool IsOpen => Status is IdeaStatus.New or IdeaStatus.UnderReview or IdeaStatus.Accepted;

    /// <summary>The submitter may edit or withdraw only before review starts.</summary>
    public bool IsEditable => Status == IdeaStatus.New;

    /// <summary>
    /// Every status change, oldest first: each manager's decision and the submitter's withdrawal, written with the status itself
    /// (see <see cref="IdeaHistory"/>). Empty while the idea is new. Not part of <see cref="IdeaRow"/>'s JSON column.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyList<IdeaDecision> Decisions { get; init; } = [];
}

/// <summary>
/// One status change of an idea, as it was taken: the status it set, when (the idea's <see cref="Idea.UpdatedAt"/> of that
/// write), and who took it (the deciding manager's or admin's Entra object id; the submitter's for a withdrawal).
/// </summary>
internal sealed record IdeaDecision(IdeaStatus Status, DateTimeOffset At, string DeciderId);

/// <summary>A short comment on an idea; its text is the commenter's, shown as data and never logged.</summary>
internal sealed record IdeaComment(string AuthorId, string? AuthorName, string Text, DateTimeOffset At);

/// <summary>
/// What an idea has gathered: its vote count (equal to the number of vote rows), some of its comments (oldest first: the latest few,
/// or all on request) and how many comments it has in all.
/// </summary>
internal sealed record IdeaTally(int Votes, IReadOnlyList<IdeaComment> Comments, int CommentCount)
{
    public static readonly IdeaTally None = new(0, [], 0);
}
