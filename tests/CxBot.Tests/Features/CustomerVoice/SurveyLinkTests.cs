using System.Net;
using CxBot.Features.CustomerVoice;
using CxBot.Testing;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CxBot.Tests.Features.CustomerVoice;

/// <summary>Issuing, revoking and forging survey links on Azurite, through <see cref="ISurveyLinks"/> and the page a customer gets.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SurveyLinkTests(AzuriteFixture azurite)
{
    private const string UnknownPage = "This survey link does not work We could not find this survey. Please check the link, or scan the code again.";
    private const string RevokedPage = "This survey has closed This survey link is no longer in use. If you have a newer poster or receipt, please use its code.";

    [Fact]
    public async Task Issue_GivesAShortLinkOnTheBotsAddress_ThatIsTheCurrentOne()
    {
        await using var h = await new SurveyHarness(azurite.Server).SeedAsync();

        var link = await h.Links.IssueAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Checkout, h.Mia, default);
        var current = await h.Links.CurrentAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Checkout, default);

        Assert.StartsWith("http://localhost:3978/s/", link.Url);
        Assert.True(link.Url.Length < 130, link.Url);
        Assert.Equal(h.Clock.GetUtcNow(), link.Created);
        Assert.Equal(link, current);
        Assert.Null(await h.Links.CurrentAsync(h.Tenant, SurveyHarness.Hilltop, SurveyHarness.Checkout, default));
        Assert.Null(await h.Links.CurrentAsync(h.OtherTenant, SurveyHarness.Harbourside, SurveyHarness.Checkout, default));
    }

    [Fact]
    public async Task Issue_WithAPublicAddressConfigured_UsesIt()
    {
        await using var h = await new SurveyHarness(azurite.Server, ("CustomerVoice:PublicBaseUrl", "https://cxbot.contoso.example/")).SeedAsync();

        var link = await h.Links.IssueAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Checkout, h.Mia, default);

        Assert.StartsWith("https://cxbot.contoso.example/s/", link.Url);
    }

    [Fact]
    public async Task Revoke_ClosesTheLink_WithAPlainPageThatStoresNothing()
    {
        await using var h = await new SurveyHarness(azurite.Server).SeedAsync();
        var link = await h.Links.IssueAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Checkout, h.Mia, default);
        var path = SurveyHarness.PathOf(link);
        var form = await h.GetAsync(path);

        Assert.True(await h.Links.RevokeAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Checkout, h.Mia, default));
        var page = await h.GetAsync(path);
        var answer = await h.PostAsync(path, SurveyHarness.Fields(form.Nonce!, new Dictionary<string, string> { [SurveyHarness.Listened] = "5" }));

        Assert.Equal(HttpStatusCode.Gone, page.Status);
        Assert.Equal(RevokedPage, page.Text);
        Assert.Equal(HttpStatusCode.Gone, answer.Status);
        Assert.Equal(RevokedPage, answer.Text);
        Assert.Contains("default-src 'none'", page.Headers["Content-Security-Policy"]);
        Assert.Null(await h.Links.CurrentAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Checkout, default));
        Assert.False(await h.Links.RevokeAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Checkout, h.Mia, default));
        Assert.Equal(0, (await h.Results.GetWeekAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Monday, default)).Answers);
    }

    [Fact]
    public async Task IssueAgain_GivesANewLinkAndClosesTheOldOne()
    {
        await using var h = await new SurveyHarness(azurite.Server).SeedAsync();
        var old = await h.Links.IssueAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Checkout, h.Mia, default);

        var fresh = await h.Links.IssueAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Checkout, h.Mia, default);

        Assert.NotEqual(old.Url, fresh.Url);
        Assert.Equal(fresh, await h.Links.CurrentAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Checkout, default));
        Assert.Equal(HttpStatusCode.Gone, (await h.GetAsync(SurveyHarness.PathOf(old))).Status);
        Assert.Equal(HttpStatusCode.OK, (await h.GetAsync(SurveyHarness.PathOf(fresh))).Status);
    }

    [Fact]
    public async Task IssueAtOnce_ByManyManagers_LeavesExactlyOneLiveLink()
    {
        await using var h = await new SurveyHarness(azurite.Server).SeedAsync();

        var links = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => h.Links.IssueAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Checkout, h.Mia, default))));
        var statuses = await Task.WhenAll(links.Select(l => h.GetAsync(SurveyHarness.PathOf(l))));

        var current = await h.Links.CurrentAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Checkout, default);
        Assert.Contains(current, links);
        Assert.Equal(1, statuses.Count(s => s.Status == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.OK, statuses[Array.IndexOf(links, current)].Status);
    }

    [Fact]
    public async Task ForgedTokens_AnotherTeamsOrAlteredOrAnotherKeys_GetAPlainNotFoundPageAndStoreNothing()
    {
        await using var h = await new SurveyHarness(azurite.Server).SeedAsync();
        var link = await h.Links.IssueAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Checkout, h.Mia, default);
        var path = SurveyHarness.PathOf(link);
        var form = await h.GetAsync(path);
        var signing = h.App.Services.GetRequiredService<SurveySigning>();
        var claims = signing.ReadToken(path[3..])!;
        var otherKey = new SurveySigning(Options.Create(new CustomerVoiceOptions { SigningKey = "someone-elses-key-of-32-characters-or-more" }));
        string[] forged =
        [
            "/s/" + signing.Token(claims with { TeamId = SurveyHarness.Hilltop }),         // our key, this link, another team
            "/s/" + signing.Token(claims with { TenantId = h.OtherTenant }),               // our key, this link, another tenant
            "/s/" + signing.Token(claims with { LinkId = "never-issued" }),                // our key, a link never issued
            "/s/" + otherKey.Token(claims),                                                 // another key
            path[..^2] + (path[^2] == 'A' ? "B" : "A") + path[^1],                          // an altered signature
            "/s/" + path[3..].Split('.')[0],                                                // no signature
            "/s/not-a-token",
        ];

        foreach (var p in forged)
        {
            var page = await h.GetAsync(p);
            var answer = await h.PostAsync(p, SurveyHarness.Fields(form.Nonce!, new Dictionary<string, string> { [SurveyHarness.Listened] = "5", [SurveyHarness.Thanked] = "5" }));
            Assert.Equal(HttpStatusCode.NotFound, page.Status);
            Assert.Equal(UnknownPage, page.Text);
            Assert.Equal(HttpStatusCode.NotFound, answer.Status);
            Assert.Equal(UnknownPage, answer.Text);
        }

        Assert.Equal(0, (await h.Results.GetWeekAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Monday, default)).Answers);
        Assert.Equal(0, (await h.Results.GetWeekAsync(h.Tenant, SurveyHarness.Hilltop, SurveyHarness.Monday, default)).Answers);
        Assert.Equal(0, (await h.Results.GetWeekAsync(h.OtherTenant, SurveyHarness.Harbourside, SurveyHarness.Monday, default)).Answers);
    }

    [Fact]
    public async Task Deployed_WithoutASigningKey_IssuesNoLinkAndSaysWhy()
    {
        await using var app = new BotApp(BotApp.With(azurite.Server, [("Bot:AppId", BotApp.AppId), ("Bot:TenantId", Guid.NewGuid().ToString()), ("Bot:ClientSecret", "x")]));
        var links = app.Services.GetRequiredService<ISurveyLinks>();

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => links.IssueAsync(Guid.NewGuid().ToString(), "team", "tp", "someone", default));
        Assert.Contains("CustomerVoice:SigningKey", e.Message);
    }

    [Theory]
    [InlineData("CustomerVoice:SigningKey", "too-short")]
    [InlineData("CustomerVoice:PublicBaseUrl", "http://cxbot.contoso.example")]
    [InlineData("CustomerVoice:PublicBaseUrl", "https://cxbot.contoso.example/path")]
    [InlineData("CustomerVoice:ContactRetention", "00:10:00")]
    public async Task BadSetting_StopsTheBotAtStartNamingTheKey(string key, string value)
    {
        await using var app = new BotApp(BotApp.With(azurite.Server, [("Bot:AppId", ""), (key, value)]));

        var e = Assert.ThrowsAny<Exception>(() => app.Services);
        Assert.Contains(key.Split(':')[1], e.ToString());
    }
}
