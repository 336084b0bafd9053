using CxBot.Cards;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Tests.Cards;

/// <summary>The real app loads its templates while it starts: a broken one stops it at boot.</summary>
public sealed class CardsBootTests
{
    [Fact]
    public void Start_DefaultTemplates_LoadsEveryRequiredTemplate()
    {
        using var factory = new WebApplicationFactory<Program>();

        var templates = factory.Services.GetRequiredService<CardTemplates>();

        Assert.Contains("welcome/personal", templates.Names);
        Assert.Contains("welcome/team", templates.Names);
        Assert.Contains("help/help", templates.Names);
    }

    [Fact]
    public void Start_BrokenTemplate_FailsNamingTheFile()
    {
        using var folder = new TemplateFolder(
            ("welcome/personal", TemplateFolder.Valid), ("welcome/team", TemplateFolder.Valid), ("help/help", """{"body": [ """));
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("Cards:TemplatesPath", folder.Path));

        var ex = Assert.Throws<CardTemplateException>(() => factory.Services);

        Assert.Contains(folder.FileOf("help/help"), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Start_RequiredTemplateMissing_FailsNamingTheFile()
    {
        using var folder = new TemplateFolder(("welcome/personal", TemplateFolder.Valid), ("help/help", TemplateFolder.Valid));
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b => b.UseSetting("Cards:TemplatesPath", folder.Path));

        var ex = Assert.Throws<CardTemplateException>(() => factory.Services);

        Assert.Contains(folder.FileOf("welcome/team"), ex.Message, StringComparison.Ordinal);
    }
}
