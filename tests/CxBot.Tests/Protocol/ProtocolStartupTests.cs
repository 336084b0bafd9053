using CxBot.Testing;
using CxBot.Tests.Storage;

namespace CxBot.Tests.Protocol;

[Collection(AzuriteCollection.Name)]
public sealed class ProtocolStartupTests(AzuriteFixture azurite)
{
    [Fact]
    public void Start_LocalModeInProduction_Refuses()
    {
        using var app = new BotApp(BotApp.With(azurite.Server, [("Bot:AppId", "")]), environment: "Production");

        var ex = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("refusing to start in Production", Flatten(ex), StringComparison.Ordinal);
    }

    [Fact]
    public void Start_AppIdWithoutCredential_Refuses()
    {
        using var app = new BotApp(BotApp.With(azurite.Server, [("Bot:AppId", "app"), ("Bot:TenantId", "t")]));

        var ex = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Bot:ClientSecret or Bot:CertificatePath", Flatten(ex), StringComparison.Ordinal);
    }

    [Fact]
    public void Start_PlainHttpMetadataOffLoopback_Refuses()
    {
        using var app = new BotApp(BotApp.With(azurite.Server, [("Bot:AppId", "app"), ("Bot:TenantId", "t"), ("Bot:ClientSecret", "s"), ("Bot:OpenIdMetadataUrl", "http://login.example.com/meta")]));

        var ex = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Bot:OpenIdMetadataUrl", Flatten(ex), StringComparison.Ordinal);
    }

    private static string Flatten(Exception ex) => ex is AggregateException agg ? string.Join(" | ", agg.Flatten().InnerExceptions.Select(Flatten)) : ex.Message + (ex.InnerException is { } inner ? " | " + Flatten(inner) : "");
}

public sealed class BotSampleSettingsTests
{
    [Fact]
    public void SampleSettings_EveryBotOption_Explained()
    {
        var sample = File.ReadAllText(Path.Combine(CxBot.Testing.RepoPaths.Root, "appsettings.sample.json"));
        var bot = sample[sample.IndexOf("\"Bot\": {", StringComparison.Ordinal)..];

        var settable = typeof(CxBot.Protocol.BotOptions).GetProperties().Where(p => p.CanWrite).Select(p => p.Name);

        Assert.All(settable, name => Assert.Contains($"\"{name}\":", bot, StringComparison.Ordinal));
    }
}
