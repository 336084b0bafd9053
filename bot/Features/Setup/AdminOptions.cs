namespace CxBot.Features.Setup;

/// <summary>The <c>Admin</c> section: who administers CxBot in every tenant, whatever the stored setup says, and how the first admin is claimed.</summary>
public sealed class AdminOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Admin";

    /// <summary>The shortest claim code accepted: long enough that guessing it is hopeless.</summary>
    public const int MinClaimCodeLength = 16;

    /// <summary>
    /// Entra ID object ids of admins in every tenant. When set, every tenant has an admin, so nobody claims one: these
    /// people add others on the setup card.
    /// </summary>
    public IReadOnlyList<string> UserIds { get; set; } = [];

    /// <summary>
    /// A secret the deployer gives the first admin: in a tenant with no admin (and no <see cref="UserIds"/>), typing
    /// <c>claim admin</c> and this code in a personal chat with CxBot makes that person its admin. Once a tenant has an
    /// admin, the code does nothing there. Empty: no claim (then set <see cref="UserIds"/>).
    /// </summary>
    public string? ClaimCode { get; set; }

    /// <summary>
    /// Set by the host in local mode only (no app id: nothing authenticates who anyone is, so no proof is possible):
    /// the first person to install CxBot in a personal chat becomes the tenant's admin, for the local demo.
    /// </summary>
    internal bool FirstInstallerIsAdmin { get; set; }
}
