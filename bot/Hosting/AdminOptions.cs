namespace CxBot.Hosting;

/// <summary>The <c>Admin</c> section: who administers CxBot in every tenant, whatever the stored setup says.</summary>
public sealed class AdminOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Admin";

    /// <summary>Entra ID object ids of admins. Empty is fine: then the first person to install the bot personally in a tenant becomes its admin.</summary>
    public IReadOnlyList<string> UserIds { get; set; } = [];
}
