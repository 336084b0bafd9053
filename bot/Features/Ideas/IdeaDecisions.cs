namespace CxBot.Features.Ideas;

/// <summary>
/// Which statuses a manager may move an idea to: any decided status other than its current one, in one step (New → Implemented
/// is one decision); a reason is required only to decline. Withdrawn ideas are the submitter's and take no decision.
/// </summary>
internal static class IdeaDecisions
{
    public const int MaxReason = 500;

    /// <summary>The statuses a decision can set, in the order the form lists them.</summary>
    public static readonly IReadOnlyList<IdeaStatus> Decided = [IdeaStatus.UnderReview, IdeaStatus.Accepted, IdeaStatus.Implemented, IdeaStatus.Declined, IdeaStatus.Archived];

    public static IReadOnlyList<IdeaStatus> Next(IdeaStatus status) =>
        status == IdeaStatus.Withdrawn ? [] : [.. Decided.Where(s => s != status)];

    /// <summary>Only a decline must say why: the submitter deserves a reason for a no.</summary>
    public static bool NeedsReason(IdeaStatus status) => status == IdeaStatus.Declined;

    /// <summary>The wire value of a status in the decision form.</summary>
    public static string Value(IdeaStatus status) => status switch
    {
        IdeaStatus.UnderReview => "underReview",
        IdeaStatus.Accepted => "accepted",
        IdeaStatus.Implemented => "implemented",
        IdeaStatus.Declined => "declined",
        IdeaStatus.Archived => "archived",
        _ => "",
    };

    public static IdeaStatus? Parse(string? value)
    {
        foreach (var status in Enum.GetValues<IdeaStatus>())
        {
            if (value is not null && Value(status).Length > 0 && Value(status) == value)
            {
                return status;
            }
        }

        return null;
    }

    /// <summary>
    /// The idea's revision as the decision form carries it: it changes with every edit, decision or withdrawal (not with votes or
    /// comments), so a form opened before someone else decided is recognised as out of date.
    /// </summary>
    public static string Revision(Idea idea) => idea.UpdatedAt.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
