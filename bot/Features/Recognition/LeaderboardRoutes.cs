using CxBot.Cards;
using CxBot.Features.Setup;
using CxBot.Protocol;
using CxBot.Protocol.Routing;
using Microsoft.Extensions.Options;

namespace CxBot.Features.Recognition;

/// <summary><c>leaderboard</c> (optionally <c>week</c>, <c>month</c> or <c>quarter</c>) and the card's period buttons.</summary>
internal sealed class LeaderboardRoutes(LeaderboardService boards, RecognitionPeople people, IOptions<RecognitionOptions> options, CardTemplates cards) : IBotRoutes
{
    public void Map(BotRouteBuilder routes) => routes
        .OnCommand(RecognitionNames.LeaderboardCommand, turn => ShowBoardAsync(turn, turn.Text?.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).FirstOrDefault()))
        .OnVerb(RecognitionNames.Leaderboard, turn => ShowBoardAsync(turn, CardInput.Text(turn.CardData, "period", 10)));

    public static LeaderboardPeriod PeriodOf(string? word) => word?.ToLowerInvariant() switch
    {
        "month" => LeaderboardPeriod.Month,
        "quarter" => LeaderboardPeriod.Quarter,
        _ => LeaderboardPeriod.Week,
    };

    private async Task ShowBoardAsync(TurnContext turn, string? periodWord)
    {
        if (Caller.Of(turn) is not { } caller)
        {
            await turn.TellAsync(RecognitionRoutes.UnknownCaller);
            return;
        }

        var period = PeriodOf(periodWord);
        var channelTeam = turn.Activity.Conversation?.ConversationType == ConversationTypes.Channel ? turn.Activity.ChannelData?.Team?.Id : null;
        var result = await people.NamedAsync(caller.TenantId, await boards.BoardsAsync(caller, channelTeam, period, turn.CancellationToken), LeaderboardCardData.Shown, turn.CancellationToken);
        await turn.ShowCardAsync(cards.Bind(RecognitionNames.LeaderboardTemplate, LeaderboardCardData.From(period, options.Value.Points, result)));
    }
}
