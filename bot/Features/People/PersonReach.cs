using CxBot.Graph;
using CxBot.Protocol;
using CxBot.Protocol.Connector;
using CxBot.Protocol.References;
using Microsoft.Extensions.Options;

namespace CxBot.Features.People;

/// <summary>
/// "How do I reach this person", in this order: their stored personal conversation; else a 1:1 conversation created from a
/// team roster they are in (Teams lets a bot installed in a team message any member: their <c>29:</c> id and that team's
/// service URL), its reference stored; else, with proactive install on, install the app for them (<see cref="ProactiveInstaller"/>)
/// and create the conversation; else record why not, so every instance answers the same until <see cref="GraphOptions.UnreachableTtl"/>.
/// </summary>
internal sealed class PersonReach(
    ConversationReferenceStore references,
    ReachStore reach,
    RosterStore roster,
    RosterSync rosters,
    ProactiveInstaller installer,
    IConnectorClient connector,
    IOptions<GraphOptions> options,
    IOptions<BotOptions> bot,
    TimeProvider time,
    ILogger<PersonReach> logger)
{
    /// <summary>The bot's channel id, <c>28:&lt;appId&gt;</c>.</summary>
    private string BotId => "28:" + (bot.Value.AppId ?? "");

    public async Task<ReachAnswer> GetAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken)
    {
        var target = ProactiveTarget.User(tenantId, aadObjectId);
        if (await references.GetAsync(target, cancellationToken) is { } reference)
        {
            return reference.Retired ? new ReachAnswer(ReachOutcome.Unreachable, null, PeopleReasons.RemovedOrBlocked) : new ReachAnswer(ReachOutcome.Reachable, target, Reference: reference);
        }

        if (await reach.GetAsync(tenantId, aadObjectId, cancellationToken) is { } known && known.At + options.Value.UnreachableTtl > time.GetUtcNow())
        {
            return new ReachAnswer(ReachOutcome.Unreachable, null, known.Reason);
        }

        try
        {
            await rosters.EnsureFreshAsync(tenantId, cancellationToken);
            var memberships = (await roster.GetTeamsOfAsync(tenantId, aadObjectId, cancellationToken)).Where(m => m is { UserId.Length: > 0, ServiceUrl.Length: > 0 }).ToList();
            foreach (var membership in memberships)
            {
                if (await FromRosterAsync(target, membership, cancellationToken) is { } created)
                {
                    return created;
                }
            }

            if (!options.Value.Enabled || !options.Value.ProactiveInstall)
            {
                return await UnreachableAsync(tenantId, aadObjectId, memberships.Count > 0 ? PeopleReasons.ConversationRefused : PeopleReasons.InNoTeamWithTheBot, cancellationToken);
            }

            return await InstallAsync(target, cancellationToken);
        }
        catch (GraphException)
        {
            return new ReachAnswer(ReachOutcome.TryLater, null, PeopleReasons.GraphUnavailable);
        }
        catch (Exception ex) when (ex is ConnectorException or ServiceUrlNotAllowedException or HttpRequestException)
        {
            Log.ConversationNotCreated(logger, ex.GetType().Name);
            return new ReachAnswer(ReachOutcome.TryLater, null, PeopleReasons.ConnectorUnavailable);
        }
    }

    /// <summary>Creates the person's 1:1 conversation through a team they are in; null when Teams refuses it there (403/404).</summary>
    private async Task<ReachAnswer?> FromRosterAsync(ProactiveTarget target, RosterMembership membership, CancellationToken cancellationToken)
    {
        var created = await connector.CreateConversationAsync(membership.ServiceUrl!, new ConversationParameters
        {
            Bot = new ChannelAccount { Id = BotId },
            Members = [new ChannelAccount { Id = membership.UserId }],
            ChannelData = new ChannelData { Tenant = new IdRef { Id = target.TenantId } },
            TenantId = target.TenantId,
        }, cancellationToken);
        if (!created.IsOk || created.Value?.Id is not { Length: > 0 } conversationId)
        {
            return null;
        }

        var reference = new ConversationReference(target, created.Value.ServiceUrl ?? membership.ServiceUrl!, conversationId, ChannelIds.MsTeams, BotId, membership.UserId, null, Retired: false);
        await references.SaveAsync(reference, cancellationToken);
        await reach.ClearAsync(target.TenantId, target.Id, cancellationToken);
        Log.ConversationCreatedFromRoster(logger);
        return new ReachAnswer(ReachOutcome.Created, target, Reference: reference);
    }

    private async Task<ReachAnswer> InstallAsync(ProactiveTarget target, CancellationToken cancellationToken)
    {
        var (tenantId, aadObjectId) = (target.TenantId, target.Id);
        var installed = await installer.InstallAsync(tenantId, aadObjectId, cancellationToken);
        if (installed.Refusal is { } refusal)
        {
            return await UnreachableAsync(tenantId, aadObjectId, refusal, cancellationToken);
        }

        if (installed.ChatId is not { } chatId)
        {
            return new ReachAnswer(ReachOutcome.TryLater, null, PeopleReasons.ChatNotFound);
        }

        // A roster gives the person's channel id (29:…) and their region's service URL; without one, the AAD object id
        // and the configured global service URL work once the app is installed in their personal scope.
        var membership = (await roster.GetTeamsOfAsync(tenantId, aadObjectId, cancellationToken)).FirstOrDefault(m => m.ServiceUrl is not null);
        var serviceUrl = membership?.ServiceUrl ?? options.Value.ProactiveServiceUrl.ToString();
        var created = await connector.CreateConversationAsync(serviceUrl, new ConversationParameters
        {
            Bot = new ChannelAccount { Id = BotId },
            Members = [new ChannelAccount { Id = membership?.UserId ?? aadObjectId, AadObjectId = aadObjectId }],
            ChannelData = new ChannelData { Tenant = new IdRef { Id = tenantId } },
            TenantId = tenantId,
        }, cancellationToken);
        if (!created.IsOk)
        {
            return await UnreachableAsync(tenantId, aadObjectId, PeopleReasons.ConversationRefused, cancellationToken);
        }

        var conversationId = created.Value?.Id ?? chatId;
        var reference = new ConversationReference(target, created.Value?.ServiceUrl ?? serviceUrl, conversationId, ChannelIds.MsTeams, BotId, membership?.UserId, null, Retired: false);
        await references.SaveAsync(reference, cancellationToken);
        await reach.ClearAsync(tenantId, aadObjectId, cancellationToken);
        return new ReachAnswer(ReachOutcome.Installed, target, Reference: reference);
    }

    private async Task<ReachAnswer> UnreachableAsync(string tenantId, string aadObjectId, string reason, CancellationToken cancellationToken)
    {
        await reach.RecordAsync(tenantId, aadObjectId, reason, cancellationToken);
        Log.Unreachable(logger, reason);
        return new ReachAnswer(ReachOutcome.Unreachable, null, reason);
    }
}
