namespace CxBot.Features.Scorecards;

/// <summary>The scorecards' wire strings: command, card verb, template and file kind, each in one place.</summary>
internal static class ScorecardNames
{
    public const string Command = "scorecard";
    public const string Export = "scorecards.export";
    public const string ExportKind = "scorecards.csv";
    public const string Template = "scorecards/scorecard";
}
