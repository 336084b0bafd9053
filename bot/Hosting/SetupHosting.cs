using CxBot.Features.Setup;
using CxBot.Protocol;
using Microsoft.Extensions.Options;

namespace CxBot.Hosting;

/// <summary>Wires the setup feature (journey, standards, teams) and its <c>Admin</c> options.</summary>
internal static class SetupHosting
{
    public static void AddCxBotSetup(this WebApplicationBuilder builder)
    {
        builder.AddAdminOptions();
        builder.Services.AddSetupFeature();
    }

    /// <summary>The setup services without their Teams cards, people and routes: what the <c>setup</c> and <c>scorecard</c> commands need.</summary>
    public static void AddCxBotSetupCore(this WebApplicationBuilder builder)
    {
        builder.AddAdminOptions();
        builder.Services.AddSetupCore();
    }

    private static void AddAdminOptions(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdminOptions>()
            .Bind(builder.Configuration.GetSection(AdminOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.UserIds.All(id => Guid.TryParse(id, out _)), "Admin:UserIds must be Entra ID object ids (GUIDs).")
            .Validate(o => string.IsNullOrEmpty(o.ClaimCode) || o.ClaimCode.Trim().Length >= AdminOptions.MinClaimCodeLength,
                $"Admin:ClaimCode must be at least {AdminOptions.MinClaimCodeLength} characters (or empty), so nobody can guess it.")
            .PostConfigure<IOptions<BotOptions>>((admin, bot) => admin.FirstInstallerIsAdmin = bot.Value.IsLocalMode)
            .ValidateOnStart();
    }

    /// <summary>Says at start when no tenant can ever get an admin (no <c>Admin:UserIds</c>, no <c>Admin:ClaimCode</c>, not local mode).</summary>
    public static void WarnWithoutAdminPath(this WebApplication app)
    {
        var admin = app.Services.GetRequiredService<IOptions<AdminOptions>>().Value;
        if (!admin.FirstInstallerIsAdmin && admin.UserIds.Count == 0 && string.IsNullOrWhiteSpace(admin.ClaimCode))
        {
            CxBot.Features.Setup.Log.NoAdminPath(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("CxBot.Features.Setup"));
        }
    }
}
