namespace CxBot.Features.Ideas;

/// <summary>Which decisions a manager may take from each status: review, accept, implement, or decline / archive, always with a reason.</summary>
internal static class IdeaDecisions
{
    public const int MaxReason = 500;

    public static IReadOnlyList<IdeaStatus> Next(IdeaStatus status) => status switch
    {
        IdeaStatus.New => [IdeaStatus.UnderReview, IdeaStatus.Declined, IdeaStatus.Archived],
        IdeaStatus.UnderReview => [IdeaStatus.Accepted, IdeaStatus.Declined, IdeaStatus.Archived],
        IdeaStatus.Accepted => [IdeaStatus.Implemented, IdeaStatus.Declined, IdeaStatus.Archived],
        IdeaStatus.Implemented or IdeaStatus.Declined => [IdeaStatus.Archived],
        _ => [],
    };

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
}
