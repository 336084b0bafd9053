using System.Globalization;
using System.Text.Json.Serialization;

namespace CxBot.Features.Recognition;

/// <summary>Data for <c>cards/recognition/leaderboard.json</c>.</summary>
internal sealed record LeaderboardCardData(
    [property: JsonPropertyName("periodName")] string PeriodName,
    [property: JsonPropertyName("rules")] string Rules,
    [property: JsonPropertyName("boards")] IReadOnlyList<BoardData> Boards)
{
    /// <summary>The standings shown per board.</summary>
    public const int Shown = 10;

    public static LeaderboardCardData From(LeaderboardPeriod period, PointsRules rules, IReadOnlyList<Board> boards) => new(
        period switch { LeaderboardPeriod.Week => "this week", LeaderboardPeriod.Month => "this month", _ => "this quarter" },
        $"{rules.PerReceived} points per shout-out received, {rules.PerGiven} per shout-out given; repeated shout-outs from one giver to the same person in a day count once.",
        [.. boards.Select(b => new BoardData(
            Cards.CardText.Clip(b.Title, 80)!,
            b.Range.FirstDay.ToString("ddd d MMM yyyy", CultureInfo.InvariantCulture),
            [.. b.Standings.Take(Shown).Select((s, i) => new RowData(
                (i + 1).ToString(CultureInfo.InvariantCulture) + ".",
                $"{Cards.CardText.Clip(s.Name, 80)}: {s.Points} {(s.Points == 1 ? "point" : "points")}" + (s.Badge is { } badge ? $" {badge.Emoji} {badge.Name}" : "")))]))]);
}

/// <summary>One board on the card.</summary>
internal sealed record BoardData([property: JsonPropertyName("title")] string Title, [property: JsonPropertyName("from")] string From, [property: JsonPropertyName("rows")] IReadOnlyList<RowData> Rows);

/// <summary>One standing on the card.</summary>
internal sealed record RowData([property: JsonPropertyName("place")] string Place, [property: JsonPropertyName("line")] string Line);
