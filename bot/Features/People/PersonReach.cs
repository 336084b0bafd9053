using CxBot.Graph;
using CxBot.Protocol;
using CxBot.Protocol.Connector;
using CxBot.Protocol.References;
using Microsoft.Extensions.Caching.Memory;

namespace CxBot.Features.People;

/// <summary>
/// "How do I reach this person": their stored personal conversation; else, with proactive install on, install the app for
/// them through Graph (paced), find the chat, create the conversation and store its reference; else record why not.
/// </summary>
internal sealed class PersonReach(
    ConversationReferenceStore references,
    ReachStore reach,
    RosterStore roster,
    InstallPacer pacer,
    IGraphClient graph,
    IConnectorClient connector,
    IMemoryCache cache,
    PeopleSettings settings,
    TimeProvider time,
    ILogger<PersonReach> logger)
{
    private static readonly TimeSpan CatalogIdLifetime = TimeSpan.FromHours(1);

    public async Task<ReachAnswer> GetAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken)
    {
        var target = ProactiveTarget.User(tenantId, aadObjectId);
        if (await references.GetAsync(target, cancellationToken) is { } reference)
        {
            return reference.Retired ? new ReachAnswer(ReachOutcome.Unreachable, null, PeopleReasons.RemovedOrBlocked) : new ReachAnswer(ReachOutcome.Reachable, target);
        }

        if (await reach.GetAsync(tenantId, aadObjectId, cancellationToken) is { } known && known.At + settings.UnreachableTtl > time.GetUtcNow())
        {
            return new ReachAnswer(ReachOutcome.Unreachable, null, known.Reason);
        }

        if (!settings.GraphEnabled || !settings.ProactiveInstall)
        {
            return await UnreachableAsync(tenantId, aadObjectId, PeopleReasons.ProactiveInstallOff, cancellationToken);
        }

        try
        {
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

    private async Task<ReachAnswer> InstallAsync(ProactiveTarget target, CancellationToken cancellationToken)
    {
        var (tenantId, aadObjectId) = (target.TenantId, target.Id);
        if (await CatalogIdAsync(cancellationToken) is not { } catalogId)
        {
            return await UnreachableAsync(tenantId, aadObjectId, PeopleReasons.AppNotInCatalog, cancellationToken);
        }

        var installationId = await FindInstallationAsync(aadObjectId, catalogId, cancellationToken);
        if (installationId is null)
        {
            await pacer.WaitTurnAsync(tenantId, cancellationToken);
            var installed = await graph.InstallForUserAsync(aadObjectId, catalogId, cancellationToken);
            switch (installed.Outcome)
            {
                case GraphOutcome.Forbidden:
                    return await UnreachableAsync(tenantId, aadObjectId, PeopleReasons.InstallBlockedByPolicy, cancellationToken);
                case GraphOutcome.NotFound:
                    return await UnreachableAsync(tenantId, aadObjectId, PeopleReasons.UserNotFound, cancellationToken);
            }

            Log.AppInstalled(logger, installed.Outcome.ToString());
            installationId = await FindInstallationAsync(aadObjectId, catalogId, cancellationToken);
        }

        var chat = installationId is null ? null : await graph.GetInstallationChatAsync(aadObjectId, installationId, cancellationToken);
        if (chat?.Value?.Id is not { } chatId)
        {
            // Installation is eventually consistent: the chat may appear a moment later.
            return new ReachAnswer(ReachOutcome.TryLater, null, PeopleReasons.ChatNotFound);
        }

        var membership = (await roster.GetTeamsOfAsync(tenantId, aadObjectId, cancellationToken)).FirstOrDefault(m => m.ServiceUrl is not null);
        var serviceUrl = membership?.ServiceUrl ?? settings.ProactiveServiceUrl;
        var created = await connector.CreateConversationAsync(serviceUrl, new ConversationParameters
        {
            Bot = new ChannelAccount { Id = settings.BotId },
            Members = [new ChannelAccount { Id = membership?.UserId ?? aadObjectId, AadObjectId = aadObjectId }],
            ChannelData = new ChannelData { Tenant = new IdRef { Id = tenantId } },
            TenantId = tenantId,
        }, cancellationToken);
        if (!created.IsOk)
        {
            return await UnreachableAsync(tenantId, aadObjectId, PeopleReasons.ConversationRefused, cancellationToken);
        }

        await references.SaveAsync(new ConversationReference(target, created.Value?.ServiceUrl ?? serviceUrl, created.Value?.Id ?? chatId, ChannelIds.MsTeams, settings.BotId, membership?.UserId, null, Retired: false), cancellationToken);
        await reach.ClearAsync(tenantId, aadObjectId, cancellationToken);
        return new ReachAnswer(ReachOutcome.Installed, target);
    }

    private async Task<string?> FindInstallationAsync(string aadObjectId, string catalogId, CancellationToken cancellationToken)
    {
        var found = await graph.GetUserInstallationsAsync(aadObjectId, catalogId, cancellationToken);
        return found.Value?.FirstOrDefault(i => i.Id is not null)?.Id;
    }

    private async Task<string?> CatalogIdAsync(CancellationToken cancellationToken)
    {
        if (settings.TeamsAppCatalogId is { } configured)
        {
            return configured;
        }

        var key = "people|catalog|" + settings.TeamsAppManifestId;
        if (cache.TryGetValue(key, out string? id))
        {
            return id;
        }

        var apps = await graph.FindCatalogAppsAsync(settings.TeamsAppManifestId ?? "", cancellationToken);
        id = apps.Value?.FirstOrDefault(a => a.Id is not null)?.Id;
        if (id is not null)
        {
            cache.Set(key, id, CatalogIdLifetime);
        }

        return id;
    }

    private async Task<ReachAnswer> UnreachableAsync(string tenantId, string aadObjectId, string reason, CancellationToken cancellationToken)
    {
        await reach.RecordAsync(tenantId, aadObjectId, reason, cancellationToken);
        Log.Unreachable(logger, reason);
        return new ReachAnswer(ReachOutcome.Unreachable, null, reason);
    }
}
