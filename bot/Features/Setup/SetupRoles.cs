using CxBot.Hosting;
using CxBot.Protocol.Routing;
using Microsoft.Extensions.Options;

namespace CxBot.Features.Setup;

/// <summary>Who is calling: tenant and Entra object id, both taken from the activity, never from card data.</summary>
internal sealed record Caller(string TenantId, string UserId, string? Name)
{
    /// <summary>The caller of a turn (tenant and normalised object id from the activity); null when either is missing.</summary>
    public static Caller? Of(TurnContext turn) =>
        turn.TenantId is { Length: > 0 } tenant && turn.UserAadObjectId is { Length: > 0 } user ? new Caller(tenant, user, turn.Activity.From?.Name) : null;
}

/// <summary>Decides, on the server, what a caller may change: admins the organisation, journey, standards and leadership; managers (or admins) their team.</summary>
internal sealed class SetupRoles(IOptions<AdminOptions> options)
{
    private readonly HashSet<string> _configured = new(options.Value.UserIds.Where(id => !string.IsNullOrWhiteSpace(id)), StringComparer.OrdinalIgnoreCase);

    public bool IsConfiguredAdmin(string userId) => _configured.Contains(userId);

    public bool IsAdmin(TenantSetup setup, Caller caller) =>
        IsConfiguredAdmin(caller.UserId) || (setup.Organisation?.Admins.Contains(caller.UserId, StringComparer.OrdinalIgnoreCase) ?? false);

    public bool CanManage(TenantSetup setup, TeamSetup team, Caller caller) =>
        IsAdmin(setup, caller) || team.Managers.Contains(caller.UserId, StringComparer.OrdinalIgnoreCase);
}
