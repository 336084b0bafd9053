using CxBot.Features.People;
using CxBot.Features.Setup;
using CxBot.Protocol;
using CxBot.Protocol.References;

namespace CxBot.Features.Recognition;

/// <summary>Who or what a shout-out did not reach, and why, in words for the giver.</summary>
internal sealed record Missed(string Who, string Why);

/// <summary>What delivering a shout-out did.</summary>
internal sealed record DeliveryReport(int Sent, IReadOnlyList<Missed> Missed);

/// <summary>
/// Delivers a stored shout-out: the channel of each recipient's team (or the channel it was given in), each recipient's
/// personal chat, and each recipient's manager with "Add my thanks". Every miss is reported, with its reason.
/// </summary>
internal sealed class Delivery(SetupService setup, IPeopleDirectory people, IProactiveSender sender, RecognitionCards cards, ILogger<Delivery> logger)
{
    public async Task<DeliveryReport> DeliverAsync(ShoutOut s, string? givenInConversation, CancellationToken cancellationToken)
    {
        List<Missed> missed = [];
        var sent = 0;
        foreach (var (conversation, name) in await ChannelsAsync(s, givenInConversation, missed, cancellationToken))
        {
            sent += await SendAsync(ProactiveTarget.Conversation(s.TenantId, conversation), cards.ShoutOut(s, inChannel: true), $"The {name} channel", missed, cancellationToken);
        }

        foreach (var recipient in s.Recipients)
        {
            var reach = await people.GetReachAsync(s.TenantId, recipient.AadObjectId, cancellationToken);
            if (reach is { CanSend: true, Target: { } target })
            {
                sent += await SendAsync(target, cards.ShoutOut(s, inChannel: false), recipient.Name, missed, cancellationToken);
            }
            else
            {
                missed.Add(new Missed(recipient.Name, Words(reach.Reason)));
            }

            sent += await ManagersAsync(s, recipient, missed, cancellationToken);
        }

        Log.Delivered(logger, sent, missed.Count);
        return new DeliveryReport(sent, missed);
    }

    /// <summary>The giver's summary: who got it, and who did not and why.</summary>
    public static string Summary(ShoutOut s, DeliveryReport report)
    {
        var names = string.Join(", ", s.Recipients.Select(r => r.Name));
        return report.Missed.Count == 0
            ? $"Your shout-out for {names} was posted and delivered."
            : $"Your shout-out for {names} is saved, but some of it was not delivered: " + string.Join("; ", report.Missed.Select(m => $"{m.Who}: {m.Why}")) + ".";
    }

    private async Task<int> ManagersAsync(ShoutOut s, Recipient recipient, List<Missed> missed, CancellationToken cancellationToken)
    {
        var answer = await people.GetManagerAsync(s.TenantId, recipient.AadObjectId, cancellationToken);
        if (!answer.Found)
        {
            missed.Add(new Missed($"{recipient.Name}'s manager", Words(answer.Reason ?? PeopleReasons.NoManagerKnown)));
            return 0;
        }

        var sent = 0;
        foreach (var manager in answer.Managers.Where(m => !string.Equals(m.AadObjectId, s.GiverId, StringComparison.OrdinalIgnoreCase)
            && !s.Recipients.Any(r => string.Equals(r.AadObjectId, m.AadObjectId, StringComparison.OrdinalIgnoreCase))))
        {
            var who = $"{recipient.Name}'s manager {manager.Name ?? ""}".TrimEnd();
            var reach = await people.GetReachAsync(s.TenantId, manager.AadObjectId, cancellationToken);
            if (reach is { CanSend: true, Target: { } target })
            {
                sent += await SendAsync(target, cards.Manager(s, recipient, null), who, missed, cancellationToken);
            }
            else
            {
                missed.Add(new Missed(who, Words(reach.Reason)));
            }
        }

        return sent;
    }

    private async Task<IReadOnlyList<(string Conversation, string Name)>> ChannelsAsync(ShoutOut s, string? givenInConversation, List<Missed> missed, CancellationToken cancellationToken)
    {
        if (givenInConversation is not null)
        {
            return [(givenInConversation, "team's")];
        }

        var tenant = await setup.GetAsync(s.TenantId, cancellationToken);
        var teams = tenant.Teams.Where(t => t.TeamsTeamId is not null && t.Members.Any(m => s.Recipients.Any(r => string.Equals(r.AadObjectId, m.UserId, StringComparison.OrdinalIgnoreCase))))
            .Select(t => (t.TeamsTeamId!, t.Name)).ToList();
        if (teams.Count == 0)
        {
            missed.Add(new Missed("The team channel", "none of them is in a team where CxBot is installed"));
        }

        return teams;
    }

    private async Task<int> SendAsync(ProactiveTarget target, System.Text.Json.Nodes.JsonObject card, string who, List<Missed> missed, CancellationToken cancellationToken)
    {
        ProactiveResult result;
        try
        {
            result = await sender.SendProactiveAsync(target, Message(card), cancellationToken);
        }
        catch (Exception ex) when (ex is CxBot.Protocol.Connector.ConnectorException or CxBot.Protocol.Connector.ServiceUrlNotAllowedException or HttpRequestException)
        {
            missed.Add(new Missed(who, "Teams was unavailable; try again later"));
            return 0;
        }

        if (result.Outcome == ProactiveOutcome.Sent)
        {
            return 1;
        }

        missed.Add(new Missed(who, result.Outcome switch
        {
            ProactiveOutcome.NoReference => "CxBot has no conversation there yet",
            ProactiveOutcome.Retired or ProactiveOutcome.Blocked => "they removed or blocked CxBot",
            _ => "Teams did not accept the message",
        }));
        return 0;
    }

    private static Activity Message(System.Text.Json.Nodes.JsonObject card) => new Activity { Type = ActivityTypes.Message }.WithCard(card);

    /// <summary>The directory's stable reasons in words for the giver.</summary>
    public static string Words(string? reason) => PeopleReasons.InWords(reason);
}
