using CxBot.Features.Setup;

namespace CxBot.Features.Incidents;

/// <summary>
/// Who an incident goes to first. The seam where the people directory plugs in: today the managers of the reporter's team in
/// setup; swapping in the reporter's manager from the directory changes only the registration in <see cref="IncidentsFeature"/>.
/// </summary>
internal interface IIncidentRouting
{
    /// <summary>Entra object ids of the people who triage the reporter's incident (never empty when the team has a manager or the organisation an admin).</summary>
    Task<IReadOnlyList<string>> ApproversAsync(TenantSetup setup, TeamSetup team, string reporterId, CancellationToken cancellationToken);
}

/// <summary>The team's managers in setup, the reporter excluded; the organisation's admins when nobody else is left.</summary>
internal sealed class SetupIncidentRouting : IIncidentRouting
{
    public Task<IReadOnlyList<string>> ApproversAsync(TenantSetup setup, TeamSetup team, string reporterId, CancellationToken cancellationToken)
    {
        List<string> managers = [.. team.Managers.Where(m => !string.Equals(m, reporterId, StringComparison.OrdinalIgnoreCase))];
        if (managers.Count == 0)
        {
            managers = [.. (setup.Organisation?.Admins ?? []).Where(a => !string.Equals(a, reporterId, StringComparison.OrdinalIgnoreCase))];
        }

        return Task.FromResult<IReadOnlyList<string>>(managers.Count > 0 ? managers : [.. team.Managers]);
    }
}
