using CxBot.Features.Setup;

namespace CxBot.Hosting;

/// <summary>Wires the setup feature (journey, standards, teams) and its <c>Admin</c> options.</summary>
internal static class SetupHosting
{
    public static void AddCxBotSetup(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdminOptions>()
            .Bind(builder.Configuration.GetSection(AdminOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.UserIds.All(id => Guid.TryParse(id, out _)), "Admin:UserIds must be Entra ID object ids (GUIDs).")
            .ValidateOnStart();
        builder.Services.AddSetupFeature();
    }
}
