using System.Text.Json.Nodes;
using CxBot.Cards;

namespace CxBot.Features.Recognition;

/// <summary>Builds the recognition cards from their templates; user text goes in as data and is clipped.</summary>
internal sealed class RecognitionCards(CardTemplates cards)
{
    private const int MaxName = 80;

    /// <summary>The form: <paramref name="people"/> (by name) for phones, and Teams' people picker for anyone in the organisation.</summary>
    /// <param name="picked">Colleagues picked already (each also among <paramref name="people"/>), from "kudos @name".</param>
    public JsonObject Form(string token, IReadOnlyList<Choice> people, IReadOnlyList<Behaviour> behaviours, int messageMaxLength, string? notice, IReadOnlyList<string>? picked = null) =>
        cards.Bind(RecognitionNames.GiveTemplate, new GiveFormData(
            token,
            [.. people.Select(p => new Choice(CardText.Clip(p.Title, MaxName * 2)!, p.Value))],
            [.. behaviours.Select(b => new Choice(CardText.Clip($"{b.Badge} {b.Title}", MaxName * 2)!, b.Id))],
            messageMaxLength,
            notice,
            string.Join(",", picked ?? [])));

    /// <summary>The channel post (with +1) or a recipient's copy; <paramref name="s"/> carries current names (<see cref="RecognitionPeople.NamedAsync(ShoutOut, CancellationToken)"/>).</summary>
    public JsonObject ShoutOut(ShoutOut s, bool inChannel)
    {
        var mentions = s.Recipients.Select(r => Mention(r)).ToList();
        var line = string.Join(", ", mentions.Select(m => m.Text));
        return cards.Bind(RecognitionNames.ShoutOutTemplate, new ShoutOutCardData(
            inChannel ? "Shout-out!" : "You've been recognised!",
            CardText.Clip(s.GiverName, MaxName)!,
            line,
            mentions,
            s.Behaviour.Badge,
            s.Behaviour.Title,
            CardText.Clip(s.Message, 2000)!,
            s.PlusOnes,
            inChannel,
            new ShoutOutRefData(s.Month, s.Id)));
    }

    public JsonObject Manager(ShoutOut s, Recipient recipient, string? notice) => cards.Bind(RecognitionNames.ManagerTemplate, new ManagerCardData(
        CardText.Clip(recipient.Name, MaxName)!,
        recipient.AadObjectId,
        CardText.Clip(s.GiverName, MaxName)!,
        s.Behaviour.Badge,
        s.Behaviour.Title,
        CardText.Clip(s.Message, 2000)!,
        notice,
        new ShoutOutRefData(s.Month, s.Id)));

    public JsonObject Values(IReadOnlyList<CompanyValue> values, string? notice) =>
        cards.Bind(RecognitionNames.ValuesTemplate, new ValuesCardData([.. values.Select(v => new Choice($"{v.Emoji} {v.Name}", v.Id))], notice));

    /// <summary>A mention by Entra object id; the name loses angle brackets so the <c>&lt;at&gt;</c> text stays well formed.</summary>
    public static MentionData Mention(Recipient r)
    {
        var name = CardText.Clip(r.Name.Replace("<", "", StringComparison.Ordinal).Replace(">", "", StringComparison.Ordinal), MaxName)!;
        return new MentionData($"<at>{name}</at>", r.AadObjectId, name);
    }
}
