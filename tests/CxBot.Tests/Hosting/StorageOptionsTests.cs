using CxBot.Storage;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CxBot.Tests.Hosting;

public sealed class StorageOptionsTests
{
    [Theory]
    [InlineData("ConnectionStrings:Storage", "AccountName=x")]
    [InlineData("Storage:TablePrefix", "bad-prefix")]
    [InlineData("Storage:MaxRetries", "99")]
    [InlineData("Storage:AttemptTimeout", "00:02:00")]
    [InlineData("Storage:MaxConnections", "0")]
    [InlineData("Storage:TableServiceUri", "http://acme.table.core.windows.net")]
    public async Task Start_InvalidSetting_FailsAtBoot(string key, string value)
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => AppBoot.StartAsync((key, value)));

        var validation = Assert.Single(AppBoot.Chain(ex).OfType<OptionsValidationException>());
        Assert.Equal(typeof(CxBot.Storage.StorageOptions), validation.OptionsType);
    }

    [Fact]
    public void Start_NothingConfigured_UsesAzuriteWithPrefix()
    {
        using var factory = new WebApplicationFactory<Program>();
        using var client = factory.CreateClient();

        var tables = factory.Services.GetRequiredService<TableServiceClient>();

        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), tables.Options.Endpoint);
        Assert.Equal("cx", tables.Options.TablePrefix);
        Assert.Equal("cxItems", tables.GetTableClient("Items").Name);
    }

    [Fact]
    public void Start_TableServiceUri_UsesItInsteadOfConnectionString()
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Storage:TableServiceUri", "https://acme.table.core.windows.net");
            b.UseSetting("ConnectionStrings:Storage", "");
        });
        using var client = factory.CreateClient();

        var tables = factory.Services.GetRequiredService<TableServiceClient>();

        Assert.Equal(new Uri("https://acme.table.core.windows.net"), tables.Options.Endpoint);
    }
}
