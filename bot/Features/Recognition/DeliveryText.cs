using System.Text.Json.Nodes;
using CxBot.Cards;
using CxBot.Protocol;
using CxBot.Protocol.Routing;

namespace CxBot.Features.Recognition;

/// <summary>The sentences people get about a shout-out: notification lines of its cards, and the giver's delivery report.</summary>
internal static class DeliveryText
{
    private const int MaxName = 80;

    /// <summary>The channel post's notification line.</summary>
    public static string ChannelSummary(ShoutOut s) => $"{Name(s.GiverName)} recognised {Join(s.Recipients.Select(r => Name(r.Name)))}: {For(s)}";

    /// <summary>A recipient's notification line.</summary>
    public static string RecipientSummary(ShoutOut s) => $"{Name(s.GiverName)} recognised you: {For(s)}";

    /// <summary>A manager's notification line.</summary>
    public static string ManagerSummary(ShoutOut s, Recipient recipient) => $"{Name(s.GiverName)} recognised {Name(recipient.Name)}, who you manage: {For(s)}";

    /// <summary>The giver's report: who got it, or who did not and why (by name).</summary>
    public static string Summary(DeliveryReport report)
    {
        var names = Join(report.ShoutOut.Recipients.Select(r => Name(r.Name)));
        return report.Missed.Count == 0
            ? $"Your shout-out for {names} was posted and delivered."
            : $"Your shout-out for {names} is saved, but some of it was not delivered: " + string.Join("; ", report.Missed.Select(m => $"{m.Who}: {m.Why}")) + ".";
    }

    /// <summary>
    /// The giver's report as a message into <paramref name="target"/>; in a channel or group chat it starts with a real mention of
    /// the giver (their Teams id from the activity they gave it with), so the report reaches them and not just the room.
    /// </summary>
    public static Activity ToGiver(ConversationTarget target, bool mention, DeliveryReport report)
    {
        var text = Summary(report);
        if (!mention || target.User is not { Id: { Length: > 0 } id })
        {
            return target.CreateMessage(text) with { Summary = text };
        }

        var giver = RecognitionCards.Mention(new Recipient(id, report.ShoutOut.GiverName));
        var entity = new JsonObject { ["type"] = "mention", ["text"] = giver.Text, ["mentioned"] = new JsonObject { ["id"] = id, ["name"] = giver.Name } };
        return target.CreateMessage($"{giver.Text}, your{text["Your".Length..]}") with { Entities = [entity], Summary = $"{giver.Name}, your{text["Your".Length..]}" };
    }

    /// <summary>"A", "A and B", "A, B and C".</summary>
    public static string Join(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count <= 1 ? string.Concat(list) : string.Join(", ", list.Take(list.Count - 1)) + " and " + list[^1];
    }

    private static string For(ShoutOut s) => $"{s.Behaviour.Badge} {CardText.Clip(s.Behaviour.Title, MaxName * 2)}";

    private static string Name(string name) => CardText.Clip(name, MaxName)!;
}
