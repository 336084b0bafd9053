namespace CxBot.Features.Scorecards;

/// <summary>What <c>cards/scorecards/scorecard.json</c> binds to.</summary>
internal sealed record ScorecardData(
    string Title,
    string Period,
    string Summary,
    IReadOnlyList<StandardLine> Standards,
    string? StandardsMore,
    string? StandardsNote,
    IReadOnlyList<Fact> Incidents,
    IReadOnlyList<Fact> Breakdown,
    IReadOnlyList<ChartPoint> Chart,
    string ChartTitle,
    string? ChartNone,
    string ChartText,
    IReadOnlyList<Fact> Ideas,
    IReadOnlyList<Fact> Recognition,
    IReadOnlyList<TextLine> Gaps,
    string GapsNone,
    IReadOnlyList<TextLine> Wins,
    string WinsNone,
    IReadOnlyList<SiteLine> Sites,
    string? SitesMore,
    string? AsOfNote,
    string Week,
    string Scope);

/// <summary>One standard's row: its week figure, its target ("target ≥ 95 %"), met or not, and its trend in words (may be empty).</summary>
internal sealed record StandardLine(string Name, string Figure, string Target, string Mark, string Color, string Trend);

/// <summary>A label and its figure.</summary>
internal sealed record Fact(string Title, string Value);

/// <summary>One bar of a chart: whole counts only, so the bars and their values never show fractions.</summary>
internal sealed record ChartPoint(string X, int Y);

/// <summary>A line of text.</summary>
internal sealed record TextLine(string Text);

/// <summary>One site's row on the organisation card.</summary>
internal sealed record SiteLine(string Name, string Standards, string Incidents, string Cost);
