namespace CxBot.Features.Ideas;

/// <summary>A title/value pair for a choice list or a fact.</summary>
internal sealed record IdeaChoice(string Title, string Value);

/// <summary>Data for <c>cards/ideas/idea.json</c>: one idea as someone sees it (user text clipped, never evaluated).</summary>
internal sealed record IdeaCardData(
    string IdeaId,
    string TeamName,
    string Status,
    string StatusColor,
    string Problem,
    string Proposal,
    string? Benefit,
    IReadOnlyList<IdeaChoice> Links,
    string Submitter,
    int Votes,
    string VotesText,
    bool ShowVote,
    bool ShowUnvote,
    bool CanEdit,
    bool CanDecide,
    string? Decision,
    string? Notice,
    IReadOnlyList<IdeaCommentData> Comments,
    string? MoreComments,
    bool CanComment,
    IReadOnlyList<string> RefreshUsers);

/// <summary>One comment on the card: who and what (clipped).</summary>
internal sealed record IdeaCommentData(string Author, string Text);

/// <summary>Data for <c>cards/ideas/form.json</c>: a new idea (with a client token and a team choice) or an edit (with the idea id).</summary>
internal sealed record IdeaFormData(
    string Heading,
    string Verb,
    string? Token,
    string? IdeaId,
    bool PickTeam,
    IReadOnlyList<IdeaChoice> Teams,
    string? TeamId,
    IReadOnlyList<IdeaChoice> Touchpoints,
    IReadOnlyList<IdeaChoice> Standards,
    string? Problem,
    string? Proposal,
    string? Benefit,
    string? TouchpointId,
    string? StandardId,
    string? IncidentRef,
    string? Errors);

/// <summary>
/// Data for <c>cards/ideas/decide.json</c>: a manager's decision on one idea, with every status it can move to; <see cref="Revision"/>
/// is the idea's as the form was drawn, <see cref="Picked"/> and <see cref="Reason"/> what was picked and typed (kept on a refusal).
/// </summary>
internal sealed record IdeaDecideData(
    string IdeaId,
    string Revision,
    string TeamName,
    string Submitter,
    string Status,
    string Problem,
    string Proposal,
    string VotesText,
    IReadOnlyList<IdeaChoice> Choices,
    string? Picked,
    string? Reason,
    string? Errors);

/// <summary>Data for <c>cards/ideas/list.json</c>: <c>my ideas</c> or <c>team ideas</c>; <see cref="Filters"/> are the other lists one press away.</summary>
internal sealed record IdeaListData(string Heading, string? Summary, IReadOnlyList<IdeaListItem> Items, string? Empty, bool CanExport = false)
{
    public IReadOnlyList<IdeaChoice> Filters { get; init; } = [];
}

/// <summary>One idea in a list: what it is about (clipped) and where it stands.</summary>
internal sealed record IdeaListItem(string IdeaId, string Title, string Line);
