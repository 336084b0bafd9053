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
    public async Task Start_BrokenTemplate_FailsNamingTheFile()
    {
        using var folder = new TemplateFolder(
            ("welcome/personal", TemplateFolder.Valid), ("welcome/team", TemplateFolder.Valid), ("help/help", """{"body": [ """));

        var ex = await Assert.ThrowsAsync<CardTemplateException>(() => AppBoot.StartAsync(("Cards:TemplatesPath", folder.Path)));

        Assert.Contains(folder.FileOf("help/help"), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_RequiredTemplateMissing_FailsNamingTheFile()
    {
        using var folder = new TemplateFolder(("welcome/personal", TemplateFolder.Valid), ("help/help", TemplateFolder.Valid));

        var ex = await Assert.ThrowsAsync<CardTemplateException>(() => AppBoot.StartAsync(("Cards:TemplatesPath", folder.Path)));

        Assert.Contains(folder.FileOf("welcome/team"), ex.Message, StringComparison.Ordinal);
    }
}
