namespace CxBot.Features.Ideas;

/// <summary>
/// The hook the incidents feature implements, so an idea can only link to an incident that exists in its tenant. Until it is
/// registered, <see cref="NoIdeaIncidents"/> knows no incident and every link is refused (never a link to nothing).
/// </summary>
internal interface IIdeaIncidents
{
    /// <summary>The incident's reference as the incidents feature writes it (<c>INC-2026-000123</c>), or null when the tenant has none by that reference.</summary>
    /// <param name="reference">Typed by a person: any case, possibly malformed.</param>
    /// <exception cref="CxBot.Storage.TableStorageException">Storage failed.</exception>
    Task<string?> FindAsync(string tenantId, string reference, CancellationToken cancellationToken);
}

/// <summary>The default until the incidents feature registers its own: knows no incident.</summary>
internal sealed class NoIdeaIncidents : IIdeaIncidents
{
    public Task<string?> FindAsync(string tenantId, string reference, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}
