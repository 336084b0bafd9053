using CxBot.Features.People;
using CxBot.Graph;
using CxBot.Testing;
using CxBot.Tests.Graph;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CxBot.Tests.Hosting;

/// <summary>The <c>Graph</c> section: validated at start, credentials inherited from the Bot section, explained in the sample.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class GraphOptionsTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("Graph:Enabled", "true", "Graph:TenantId")]
    [InlineData("Graph:ProactiveInstall", "true", "needs Graph:Enabled")]
    [InlineData("Graph:BaseUrl", "http://graph.example.com/v1.0", "must be https")]
    [InlineData("Graph:InstallsPerSecond", "0", "InstallsPerSecond")]
    [InlineData("Graph:ProfileTtl", "00:00:01", "ProfileTtl")]
    public async Task Start_InvalidGraphSetting_FailsAtBoot(string key, string value, string message)
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => AppBoot.StartAsync((key, value)));

        var validation = Assert.Single(AppBoot.Chain(ex).OfType<OptionsValidationException>());
        Assert.Equal(typeof(GraphOptions), validation.OptionsType);
        Assert.Contains(message, validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ProactiveInstallWithoutAppId_FailsAtBoot()
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => AppBoot.StartAsync(
            ("Graph:Enabled", "true"), ("Graph:TenantId", "t"), ("Graph:ClientId", "c"), ("Graph:ClientSecret", "s"), ("Graph:ProactiveInstall", "true")));

        Assert.Contains("Graph:TeamsAppCatalogId or Graph:TeamsAppManifestId", Assert.Single(AppBoot.Chain(ex).OfType<OptionsValidationException>()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ProactiveInstallWithTeamsAppId_UsesItAsTheManifestId()
    {
        await using var app = await AppBoot.StartAsync(
            ("Graph:Enabled", "true"), ("Graph:TenantId", "t"), ("Graph:ClientId", "c"), ("Graph:ClientSecret", "s"), ("Graph:ProactiveInstall", "true"),
            ("Teams:AppId", "d2b6f1a4-7c3e-4f59-a8b0-2e4c6d8f0a1b"));

        Assert.Equal("d2b6f1a4-7c3e-4f59-a8b0-2e4c6d8f0a1b", app.Services.GetRequiredService<IOptions<GraphOptions>>().Value.TeamsAppManifestId);
    }

    [Fact]
    public async Task Start_GraphEnabled_InheritsTheBotsIdentityAndAnswersThroughTheFakeGraph()
    {
        await using var graph = await FakeGraph.StartAsync();
        graph.AddUser("manager-1", "Mo Manager");
        graph.AddUser("driver-1", "Dee Driver", managerId: "manager-1");
        using var app = new BotApp(BotApp.With(azurite.Server, [
            ("Bot:AppId", BotApp.AppId), ("Bot:TenantId", "8f1c6f3e-2b7a-4c1d-9e55-0a1b2c3d4e5f"), ("Bot:ClientSecret", "bot-secret"),
            ("Graph:Enabled", "true"), ("Graph:BaseUrl", graph.BaseUrl)]))
        {
            TestServices = s => s.AddSingleton(new GraphCredential(new StaticTokenCredential(), "https://graph.microsoft.com/.default")),
        };

        var options = app.Services.GetRequiredService<IOptions<GraphOptions>>().Value;
        var answer = await app.Services.GetRequiredService<IPeopleDirectory>().GetManagerAsync("8f1c6f3e-2b7a-4c1d-9e55-0a1b2c3d4e5f", "driver-1", default);

        Assert.Equal((BotApp.AppId, "8f1c6f3e-2b7a-4c1d-9e55-0a1b2c3d4e5f", "bot-secret"), (options.ClientId, options.TenantId, options.ClientSecret));
        Assert.Equal(("manager-1", ManagerSource.Directory), (Assert.Single(answer.Managers).AadObjectId, answer.Source));
        Assert.All(graph.Requests, r => Assert.Equal("Bearer " + StaticTokenCredential.Token, r.Authorization));
    }

    [Fact]
    public void SampleSettings_EveryGraphOption_Explained()
    {
        var sample = File.ReadAllText(Path.Combine(RepoPaths.Root, "appsettings.sample.json"));
        var graph = sample[sample.IndexOf("\"Graph\": {", StringComparison.Ordinal)..];
        graph = graph[..graph.IndexOf("\n  },", StringComparison.Ordinal)];

        var settable = typeof(GraphOptions).GetProperties().Where(p => p.CanWrite).Select(p => p.Name);

        Assert.All(settable, name => Assert.Contains($"\"{name}\":", graph, StringComparison.Ordinal));
        Assert.Contains("User.Read.All", graph, StringComparison.Ordinal);
        Assert.Contains("TeamsAppInstallation.ReadWriteSelfForUser.All", graph, StringComparison.Ordinal);
    }
}
