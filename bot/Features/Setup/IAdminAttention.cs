namespace CxBot.Features.Setup;

/// <summary>
/// What a feature needs an admin to see when they open setup (an incident whose card reached nobody, say), in plain
/// sentences. Features register one; setup shows every line on its home card and knows nothing of what they are about.
/// </summary>
internal interface IAdminAttention
{
    /// <summary>The lines to show the tenant's admins now (none when all is well).</summary>
    /// <exception cref="CxBot.Storage.TableStorageException">Storage failed.</exception>
    Task<IReadOnlyList<string>> LinesAsync(string tenantId, CancellationToken cancellationToken);
}
