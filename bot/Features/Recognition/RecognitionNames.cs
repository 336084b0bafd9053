namespace CxBot.Features.Recognition;

/// <summary>The recognition feature's wire strings: commands, card verbs, templates and tables, each in one place.</summary>
internal static class RecognitionNames
{
    public const string RecogniseCommand = "recognise";
    public const string KudosCommand = "kudos";
    public const string LeaderboardCommand = "leaderboard";
    public const string ValuesArgument = "values";

    public const string ShowForm = "recognition.start";
    public const string Give = "recognition.give";
    public const string PlusOne = "recognition.plusone";
    public const string AddThanks = "recognition.thanks";
    public const string ShowValues = "recognition.values";
    public const string AddValue = "recognition.value.add";
    public const string Leaderboard = "recognition.leaderboard";

    public const string GiveTemplate = "recognition/give";
    public const string ShoutOutTemplate = "recognition/shoutout";
    public const string ManagerTemplate = "recognition/manager";
    public const string ValuesTemplate = "recognition/values";
    public const string LeaderboardTemplate = "recognition/leaderboard";

    /// <summary>Shout-outs, their +1s and managers' thanks: partition <c>{tenant}|{yyyy-MM}</c>.</summary>
    public const string ShoutOutsTable = "RecognitionShoutOuts";

    /// <summary>Company values and badges an admin defined: partition <c>{tenant}</c>.</summary>
    public const string ValuesTable = "RecognitionValues";

    public const string StandardPrefix = "s:";
    public const string ValuePrefix = "v:";
    public const string StandardBadge = "⭐";
}
