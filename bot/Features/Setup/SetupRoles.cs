using System.Security.Cryptography;
using System.Text;
using CxBot.Protocol.Routing;
using Microsoft.Extensions.Options;

namespace CxBot.Features.Setup;

/// <summary>Who is calling: tenant and Entra object id, both taken from the activity, never from card data.</summary>
internal sealed record Caller(string TenantId, string UserId, string? Name)
{
    /// <summary>The caller of a turn (tenant and normalised object id from the activity); null when either is missing.</summary>
    public static Caller? Of(TurnContext turn) =>
        turn.TenantId is { Length: > 0 } tenant && turn.UserAadObjectId is { Length: > 0 } user ? new Caller(tenant, user, turn.Activity.From?.Name) : null;

    /// <summary>
    /// As <see cref="Of(TurnContext)"/>; when there is no caller, <paramref name="noCaller"/> (the feature's own log event) is
    /// given the activity's type, so a handler only has to answer.
    /// </summary>
    public static Caller? Of(TurnContext turn, ILogger logger, Action<ILogger, string> noCaller)
    {
        if (Of(turn) is { } caller)
        {
            return caller;
        }

        noCaller(logger, turn.Activity.Type ?? "");
        return null;
    }
}

/// <summary>
/// Decides, on the server, what a caller may change: admins the organisation, journey, standards and leadership; managers (or
/// admins) their team. Also who may become the first admin of a tenant: nobody while it has one (the configured admins count
/// in every tenant); otherwise whoever shows the deployment's claim code, or in local mode the first person to install.
/// </summary>
internal sealed class SetupRoles(IOptions<AdminOptions> options)
{
    private readonly HashSet<string> _configured = new(options.Value.UserIds.Where(id => !string.IsNullOrWhiteSpace(id)), StringComparer.OrdinalIgnoreCase);
    private readonly byte[]? _claimCode = options.Value.ClaimCode?.Trim() is { Length: > 0 } code ? SHA256.HashData(Encoding.UTF8.GetBytes(code)) : null;

    /// <summary>In local mode only (nothing proves who anyone is): the first personal installer in a tenant with no admin becomes it.</summary>
    public bool FirstInstallerIsAdmin { get; } = options.Value.FirstInstallerIsAdmin;

    /// <summary>True when this deployment has a claim code, so a tenant's first admin can be claimed.</summary>
    public bool HasClaimCode => _claimCode is not null;

    public bool IsConfiguredAdmin(string userId) => _configured.Contains(userId);

    /// <summary>True when the tenant has an admin: one stored in its organisation, or any configured one.</summary>
    public bool HasAdmin(TenantSetup setup) => _configured.Count > 0 || setup.Organisation is { Admins.Count: > 0 };

    /// <summary>True when <paramref name="code"/> is the deployment's claim code (compared in constant time; false when there is none).</summary>
    public bool IsClaimCode(string code) =>
        _claimCode is not null && CryptographicOperations.FixedTimeEquals(_claimCode, SHA256.HashData(Encoding.UTF8.GetBytes(code.Trim())));

    /// <summary>The tenant's admins: those stored in its organisation, then the configured ones (each once).</summary>
    public IReadOnlyList<string> AdminsOf(TenantSetup setup) =>
        [.. (setup.Organisation?.Admins ?? []).Concat(_configured).Distinct(StringComparer.OrdinalIgnoreCase)];

    public bool IsAdmin(TenantSetup setup, Caller caller) =>
        IsConfiguredAdmin(caller.UserId) || (setup.Organisation?.Admins.Contains(caller.UserId, StringComparer.OrdinalIgnoreCase) ?? false);

    public bool CanManage(TenantSetup setup, TeamSetup team, Caller caller) =>
        IsAdmin(setup, caller) || team.Managers.Contains(caller.UserId, StringComparer.OrdinalIgnoreCase);

    /// <summary>The teams <paramref name="caller"/> may manage, in setup order: every team for an admin.</summary>
    public IReadOnlyList<TeamSetup> ManagedTeams(TenantSetup setup, Caller caller) => [.. setup.Teams.Where(t => CanManage(setup, t, caller))];
}
