using CxBot.Features.Ideas;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CxBot.Features.Incidents;

/// <summary>The ideas feature's hook: an idea's incident reference is looked up in the tenant's incidents (any case typed).</summary>
internal sealed class IdeaIncidentLinks(IncidentStore store) : IIdeaIncidents
{
    public async Task<string?> FindAsync(string tenantId, string reference, CancellationToken cancellationToken)
    {
        var canonical = reference.Trim().ToUpperInvariant();
        return IncidentKeys.IsReference(canonical) && await store.FindAsync(tenantId, canonical, cancellationToken) is not null ? canonical : null;
    }

    public static void Register(IServiceCollection services) => services.Replace(ServiceDescriptor.Singleton<IIdeaIncidents, IdeaIncidentLinks>());
}
