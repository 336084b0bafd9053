using System.Text.Json.Nodes;
using CxBot.Features.People;
using CxBot.Features.Setup;
using CxBot.Protocol;
using CxBot.Protocol.Connector;
using CxBot.Protocol.References;

namespace CxBot.Features.Recognition;

/// <summary>Who or what a shout-out did not reach, and why, in words for the giver.</summary>
internal sealed record Missed(string Who, string Why);

/// <summary>What delivering a shout-out did; <see cref="ShoutOut"/> is the one delivered, under current names.</summary>
internal sealed record DeliveryReport(ShoutOut ShoutOut, int Sent, IReadOnlyList<Missed> Missed);

/// <summary>
/// Delivers a stored shout-out: the channel of each recipient's set-up team (or the channel it was given in), each
/// recipient's personal chat, and each recipient's manager with "Add my thanks". Every miss is reported by name, with its reason.
/// </summary>
internal sealed class Delivery(SetupService setup, IPeopleDirectory people, RecognitionPeople names, IProactiveSender sender, RecognitionCards cards, ILogger<Delivery> logger)
{
    public async Task<DeliveryReport> DeliverAsync(ShoutOut stored, string? givenInConversation, CancellationToken cancellationToken)
    {
        var s = await names.NamedAsync(stored, cancellationToken);
        List<Missed> missed = [];
        var sent = 0;
        foreach (var (conversation, name) in await ChannelsAsync(s, givenInConversation, missed, cancellationToken))
        {
            var post = Message(cards.ShoutOut(s, inChannel: true), DeliveryText.ChannelSummary(s));
            sent += await SendAsync(ProactiveTarget.Conversation(s.TenantId, conversation), null, post, $"The {name} channel", missed, cancellationToken);
        }

        foreach (var recipient in s.Recipients)
        {
            var reach = await people.GetReachAsync(s.TenantId, recipient.AadObjectId, cancellationToken);
            if (reach is { CanSend: true, Target: { } target })
            {
                sent += await SendAsync(target, reach, Message(cards.ShoutOut(s, inChannel: false), DeliveryText.RecipientSummary(s)), recipient.Name, missed, cancellationToken);
            }
            else
            {
                missed.Add(new Missed(recipient.Name, PeopleReasons.InWords(reach.Reason)));
            }

            sent += await ManagersAsync(s, recipient, missed, cancellationToken);
        }

        Log.Delivered(logger, sent, missed.Count);
        return new DeliveryReport(s, sent, missed);
    }

    private async Task<int> ManagersAsync(ShoutOut s, Recipient recipient, List<Missed> missed, CancellationToken cancellationToken)
    {
        var answer = await people.GetManagerAsync(s.TenantId, recipient.AadObjectId, cancellationToken);
        if (!answer.Found)
        {
            // Someone with no manager (a manager themselves, say) is no delivery missed; a directory that could not answer is.
            if (answer.Reason is not (null or PeopleReasons.NoManagerKnown or PeopleReasons.NoManagerInDirectory or PeopleReasons.NotInAnyTeam))
            {
                missed.Add(new Missed($"{recipient.Name}'s manager", PeopleReasons.InWords(answer.Reason)));
            }

            return 0;
        }

        var managers = answer.Managers.Where(m => !string.Equals(m.AadObjectId, s.GiverId, StringComparison.OrdinalIgnoreCase)
            && !s.Recipients.Any(r => string.Equals(r.AadObjectId, m.AadObjectId, StringComparison.OrdinalIgnoreCase))).ToList();
        var book = await names.BookAsync(s.TenantId, managers.Select(m => m.AadObjectId), cancellationToken);
        var sent = 0;
        foreach (var manager in managers)
        {
            var who = $"{recipient.Name}'s manager {RecognitionPeople.NameOf(book, manager.AadObjectId, manager.Name)}";
            var reach = await people.GetReachAsync(s.TenantId, manager.AadObjectId, cancellationToken);
            if (reach is { CanSend: true, Target: { } target })
            {
                sent += await SendAsync(target, reach, Message(cards.Manager(s, recipient, null), DeliveryText.ManagerSummary(s, recipient)), who, missed, cancellationToken);
            }
            else
            {
                missed.Add(new Missed(who, PeopleReasons.InWords(reach.Reason)));
            }
        }

        return sent;
    }

    /// <summary>The channel it was given in; else the channels of the set-up teams the recipients are in (by setup or by Teams roster).</summary>
    private async Task<IReadOnlyList<(string Conversation, string Name)>> ChannelsAsync(ShoutOut s, string? givenInConversation, List<Missed> missed, CancellationToken cancellationToken)
    {
        if (givenInConversation is not null)
        {
            return [(givenInConversation, "team's")];
        }

        var placed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var recipient in s.Recipients)
        {
            placed.UnionWith((await people.GetPlacementAsync(s.TenantId, recipient.AadObjectId, cancellationToken)).Teams.Select(t => t.TeamId));
        }

        var tenant = await setup.GetAsync(s.TenantId, cancellationToken);
        var teams = tenant.Teams.Where(t => t.TeamsTeamId is not null && placed.Contains(t.Id)).Select(t => (t.TeamsTeamId!, t.Name)).ToList();
        if (teams.Count == 0)
        {
            missed.Add(new Missed("The team channel", s.Recipients.Count == 1
                ? $"{s.Recipients[0].Name} is in no team where CxBot is installed"
                : "none of them is in a team where CxBot is installed"));
        }

        return teams;
    }

    private async Task<int> SendAsync(ProactiveTarget target, ReachAnswer? reach, Activity message, string who, List<Missed> missed, CancellationToken cancellationToken)
    {
        ProactiveResult result;
        try
        {
            result = reach is null ? await sender.SendProactiveAsync(target, message, cancellationToken) : await sender.SendProactiveAsync(reach, message, cancellationToken);
        }
        catch (Exception ex) when (ex is ConnectorException or ServiceUrlNotAllowedException or HttpRequestException)
        {
            missed.Add(new Missed(who, PeopleReasons.InWords(PeopleReasons.ConnectorUnavailable)));
            return 0;
        }

        if (result.Outcome == ProactiveOutcome.Sent)
        {
            return 1;
        }

        missed.Add(new Missed(who, result.Outcome switch
        {
            ProactiveOutcome.NoReference => "CxBot has no conversation there yet",
            ProactiveOutcome.Retired or ProactiveOutcome.Blocked when reach is null => "CxBot is no longer in that team",
            ProactiveOutcome.Retired or ProactiveOutcome.Blocked => PeopleReasons.InWords(PeopleReasons.RemovedOrBlocked),
            _ => "Teams did not accept the message",
        }));
        return 0;
    }

    /// <summary>A card-only message with its notification line (phones and the chat list show it instead of "Sent a card").</summary>
    private static Activity Message(JsonObject card, string summary) => new Activity { Type = ActivityTypes.Message, Summary = summary }.WithCard(card);
}
