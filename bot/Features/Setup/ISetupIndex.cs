namespace CxBot.Features.Setup;

/// <summary>A team somewhere, with its tenant.</summary>
internal sealed record TenantTeam(string TenantId, TeamSetup Team);

/// <summary>
/// What the schedules read across every tenant's setup (the check-in scheduler, the scorecards' delivery): one query over the
/// small <c>Setup</c> table each, read-only. Setup owns the table, its row keys and its JSON; readers see only these answers.
/// </summary>
internal interface ISetupIndex
{
    /// <summary>The tenants with at least one leadership channel.</summary>
    Task<IReadOnlyList<string>> TenantsWithLeadershipAsync(CancellationToken cancellationToken);

    /// <summary>Every team of every tenant.</summary>
    Task<IReadOnlyList<TenantTeam>> AllTeamsAsync(CancellationToken cancellationToken);
}
