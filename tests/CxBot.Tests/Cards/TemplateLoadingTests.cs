using CxBot.Cards;
using Microsoft.Extensions.Logging.Abstractions;

namespace CxBot.Tests.Cards;

/// <summary>Loading checks every template once; a bad one fails with its file name.</summary>
public sealed class TemplateLoadingTests
{
    [Fact]
    public void Load_ValidFolder_NamesTemplatesByFolderAndFileAndSkipsSamples()
    {
        using var folder = new TemplateFolder(("a/one", TemplateFolder.Valid), ("a/one.data", """{"title":"x"}"""), ("b/two", TemplateFolder.Valid));

        var templates = Load(folder.Path);

        Assert.Equal(["a/one", "b/two"], templates.Names);
    }

    [Theory]
    [InlineData("""{"type":"AdaptiveCard", """, "not valid")]
    [InlineData("""["not", "an", "object"]""", "JSON object")]
    [InlineData("""{"text":"${nosuch(x)}"}""", "unknown function 'nosuch'")]
    [InlineData("""{"body":[{"text":"${x"}]}""", "$.body[0].text")]
    [InlineData("""{"$when":"true"}""", "$.$when")]
    public void Load_BrokenTemplate_ThrowsNamingTheFile(string json, string expected)
    {
        using var folder = new TemplateFolder(("ok/fine", TemplateFolder.Valid), ("feature/broken", json));

        var ex = Assert.Throws<CardTemplateException>(() => Load(folder.Path));

        Assert.Contains(folder.FileOf("feature/broken"), ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_RequiredTemplateMissing_ThrowsNamingTheExpectedFile()
    {
        using var folder = new TemplateFolder(("a/one", TemplateFolder.Valid));

        var ex = Assert.Throws<CardTemplateException>(() => new CardTemplates(folder.Path, ["a/one", "a/two"], NullLogger<CardTemplates>.Instance));

        Assert.Contains(folder.FileOf("a/two"), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFolder_ThrowsNamingTheFolder()
    {
        var path = Path.Combine(Path.GetTempPath(), "cxbot-no-such-folder-" + Guid.NewGuid().ToString("N"));

        var ex = Assert.Throws<CardTemplateException>(() => Load(path));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EmptyFolder_Throws()
    {
        using var folder = new TemplateFolder();

        Assert.Throws<CardTemplateException>(() => Load(folder.Path));
    }

    private static CardTemplates Load(string path) => new(path, [], NullLogger<CardTemplates>.Instance);
}
