using CxBot.Graph;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace CxBot.Features.People;

/// <summary>The outcome of a proactive install: the personal chat's id, or the reason it was refused (neither: not ready yet).</summary>
internal sealed record InstallResult(string? ChatId, string? Refusal);

/// <summary>
/// Installs the app for a person through Graph (platform.md §8): find the app in the tenant catalog, check whether it is
/// already installed for them, install it (paced per tenant), then find the installation's 1:1 chat.
/// </summary>
/// <remarks>Throws <see cref="GraphException"/> when Graph is unavailable.</remarks>
internal sealed class ProactiveInstaller(IGraphClient graph, InstallPacer pacer, IMemoryCache cache, IOptions<GraphOptions> options, ILogger<ProactiveInstaller> logger)
{
    private static readonly TimeSpan CatalogIdLifetime = TimeSpan.FromHours(1);

    public async Task<InstallResult> InstallAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken)
    {
        if (await CatalogIdAsync(cancellationToken) is not { } catalogId)
        {
            return new InstallResult(null, PeopleReasons.AppNotInCatalog);
        }

        var installationId = await FindInstallationAsync(aadObjectId, catalogId, cancellationToken);
        if (installationId is null)
        {
            await pacer.WaitTurnAsync(tenantId, cancellationToken);
            var installed = await graph.InstallForUserAsync(aadObjectId, catalogId, cancellationToken);
            switch (installed.Outcome)
            {
                case GraphOutcome.Forbidden:
                    return new InstallResult(null, PeopleReasons.InstallBlockedByPolicy);
                case GraphOutcome.NotFound:
                    return new InstallResult(null, PeopleReasons.UserNotFound);
            }

            // Conflict: someone (another instance) installed it meanwhile, which is as good.
            Log.AppInstalled(logger, installed.Outcome.ToString());
            installationId = await FindInstallationAsync(aadObjectId, catalogId, cancellationToken);
        }

        // Installation is eventually consistent: the installation or its chat may appear a moment later.
        var chat = installationId is null ? null : await graph.GetInstallationChatAsync(aadObjectId, installationId, cancellationToken);
        return new InstallResult(chat?.Value?.Id, null);
    }

    private async Task<string?> FindInstallationAsync(string aadObjectId, string catalogId, CancellationToken cancellationToken)
    {
        var found = await graph.GetUserInstallationsAsync(aadObjectId, catalogId, cancellationToken);
        return found.Value?.FirstOrDefault(i => i.Id is not null)?.Id;
    }

    /// <summary>The configured catalog id, or the one looked up by manifest id (kept in memory an hour: it never changes for a published app).</summary>
    private async Task<string?> CatalogIdAsync(CancellationToken cancellationToken)
    {
        if (options.Value.TeamsAppCatalogId is { } configured)
        {
            return configured;
        }

        var key = "people|catalog|" + options.Value.TeamsAppManifestId;
        if (cache.TryGetValue(key, out string? id))
        {
            return id;
        }

        var apps = await graph.FindCatalogAppsAsync(options.Value.TeamsAppManifestId ?? "", cancellationToken);
        id = apps.Value?.FirstOrDefault(a => a.Id is not null)?.Id;
        if (id is not null)
        {
            cache.Set(key, id, CatalogIdLifetime);
        }

        return id;
    }
}
