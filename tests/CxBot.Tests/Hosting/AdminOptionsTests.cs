using CxBot.Features.Setup;
using CxBot.Testing;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CxBot.Tests.Hosting;

[Collection(AzuriteCollection.Name)]
public sealed class AdminOptionsTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Start_AdminUserIdNotAGuid_FailsAtBoot()
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => AppBoot.StartAsync(("Admin:UserIds:0", "priya@contoso.com")));

        var validation = Assert.Single(AppBoot.Chain(ex).OfType<OptionsValidationException>());
        Assert.Equal(typeof(AdminOptions), validation.OptionsType);
    }

    [Fact]
    public async Task Configured_AdminUserIds_AdminInAnyTenantWithoutInstalling()
    {
        var admin = Guid.NewGuid().ToString();
        await using var app = BotApp.Local(azurite.Server, ("Admin:UserIds:0", admin), ("Admin:UserIds:1", Guid.NewGuid().ToString()));
        var roles = app.Services.GetRequiredService<SetupRoles>();
        var tenant = Guid.NewGuid().ToString();

        Assert.True(roles.IsAdmin(TenantSetup.Empty, new Caller(tenant, admin, null)));
        Assert.False(roles.IsAdmin(TenantSetup.Empty, new Caller(tenant, Guid.NewGuid().ToString(), null)));
    }
}
