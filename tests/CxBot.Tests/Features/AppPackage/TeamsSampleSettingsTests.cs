using System.Text.Json;
using CxBot.Features.AppPackage;
using CxBot.Hosting;
using CxBot.Testing;

namespace CxBot.Tests.Features.AppPackage;

public sealed class TeamsSampleSettingsTests
{
    [Fact]
    public void SampleSettings_TeamsSection_EveryOptionAndNothingElse()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "appsettings.sample.json")), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var keys = sample.RootElement.GetProperty(TeamsAppOptions.Section).EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);

        var options = typeof(TeamsAppOptions).GetProperties().Where(p => p.CanWrite).Select(p => p.Name).Order(StringComparer.Ordinal);

        Assert.Equal(options, keys);
    }

    [Fact]
    public void CommandLine_EverySwitch_SetsATeamsOptionOrTheBotId()
    {
        var options = typeof(TeamsAppOptions).GetProperties().Select(p => $"{TeamsAppOptions.Section}:{p.Name}").Append("Bot:AppId").ToHashSet(StringComparer.Ordinal);

        Assert.All(ManifestCommandLine.Switches.Values, key => Assert.Contains(key, options));
        Assert.Equal(options.Count, ManifestCommandLine.Switches.Count);
    }
}
