using CxBot.Features.People;
using CxBot.Features.Setup;

namespace CxBot.Features.Incidents;

/// <summary>
/// Who an incident goes to first: <see cref="DirectoryIncidentRouting"/> (the reporter's manager from the people directory),
/// with <see cref="SetupIncidentRouting"/> (the team's managers in setup) behind it; the choice is one registration in
/// <see cref="IncidentsFeature"/>. Whoever it goes to may triage it (see <see cref="Incident.Approvers"/>).
/// </summary>
internal interface IIncidentRouting
{
    /// <summary>Entra object ids of the people who triage the reporter's incident (never empty when the team has a manager or the organisation an admin).</summary>
    Task<IReadOnlyList<string>> ApproversAsync(string tenantId, TenantSetup setup, TeamSetup team, string reporterId, CancellationToken cancellationToken);
}

/// <summary>The team's managers in setup, the reporter excluded; the tenant's admins (stored and configured) when nobody else is left.</summary>
internal sealed class SetupIncidentRouting(SetupRoles roles) : IIncidentRouting
{
    public Task<IReadOnlyList<string>> ApproversAsync(string tenantId, TenantSetup setup, TeamSetup team, string reporterId, CancellationToken cancellationToken)
    {
        List<string> managers = [.. team.Managers.Where(m => !string.Equals(m, reporterId, StringComparison.OrdinalIgnoreCase))];
        if (managers.Count == 0)
        {
            managers = [.. roles.AdminsOf(setup).Where(a => !string.Equals(a, reporterId, StringComparison.OrdinalIgnoreCase))];
        }

        return Task.FromResult<IReadOnlyList<string>>(managers.Count > 0 ? managers : [.. team.Managers]);
    }
}

/// <summary>The reporter's manager from the people directory (Graph, else their teams' managers); setup's routing when it knows none.</summary>
internal sealed class DirectoryIncidentRouting(IPeopleDirectory people, SetupIncidentRouting fallback) : IIncidentRouting
{
    public async Task<IReadOnlyList<string>> ApproversAsync(string tenantId, TenantSetup setup, TeamSetup team, string reporterId, CancellationToken cancellationToken)
    {
        var answer = await people.GetManagerAsync(tenantId, reporterId, cancellationToken);
        List<string> managers = [.. answer.Managers.Select(m => m.AadObjectId).Where(m => !string.Equals(m, reporterId, StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase)];
        return managers.Count > 0 ? managers : await fallback.ApproversAsync(tenantId, setup, team, reporterId, cancellationToken);
    }
}
