namespace CxBot.Features.Ideas;

/// <summary>The ideas feature's wire strings: commands, card verbs, templates and the table name, each in one place.</summary>
internal static class IdeaNames
{
    public const string IdeaCommand = "idea";
    public const string MyIdeasCommand = "my ideas";
    public const string TeamIdeasCommand = "team ideas";

    public const string New = "ideas.new";
    public const string Submit = "ideas.submit";
    public const string Edit = "ideas.edit";
    public const string Save = "ideas.save";
    public const string Withdraw = "ideas.withdraw";
    public const string Vote = "ideas.vote";
    public const string Unvote = "ideas.unvote";
    public const string Refresh = "ideas.refresh";
    public const string Review = "ideas.review";
    public const string Decide = "ideas.decide";
    public const string Comment = "ideas.comment";
    public const string Comments = "ideas.comments";
    public const string Export = "ideas.export";
    public const string List = "ideas.list";

    /// <summary>The file consent kind of the ideas export (see <c>Protocol/FileConsent</c>).</summary>
    public const string ExportContext = "ideas.csv";

    public const string FormTemplate = "ideas/form";
    public const string IdeaTemplate = "ideas/idea";
    public const string DecideTemplate = "ideas/decide";
    public const string ListTemplate = "ideas/list";

    public const string TableName = "Ideas";

    /// <summary>Limits checked on the server (the card's <c>maxLength</c> values match).</summary>
    public const int MaxProblem = 1000;
    public const int MaxProposal = 1000;
    public const int MaxBenefit = 500;
    public const int MaxIncidentRef = 40;
    public const int MaxToken = 64;
    public const int MaxComment = 280;

    /// <summary>Comments shown on the card; the rest on request.</summary>
    public const int LatestComments = 3;
    public const int MaxCommentsShown = 50;

    /// <summary>How many of a team's newest ideas the lists read, and how many they show.</summary>
    public const int ListRead = 200;
    public const int ListShown = 10;
    public const int ExportRead = 1000;

    /// <summary>Teams refreshes a card automatically for at most 60 listed users.</summary>
    public const int MaxRefreshUsers = 60;
}
