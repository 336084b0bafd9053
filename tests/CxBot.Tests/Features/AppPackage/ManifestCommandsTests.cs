using CxBot.Features.Welcome;
using CxBot.Hosting;
using CxBot.Protocol.Routing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Tests.Features.AppPackage;

/// <summary>The manifest's command lists against the real router, built from the bot's own composition.</summary>
public sealed class ManifestCommandsTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private ActivityRouter _router = null!;

    public Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.AddCxBot();
        _app = builder.Build();
        _router = _app.Services.GetRequiredService<ActivityRouter>();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public static TheoryData<string, string> ListedCommands()
    {
        var data = new TheoryData<string, string>();
        foreach (var list in TestManifest.Template()["bots"]![0]!["commandLists"]!.AsArray())
        {
            foreach (var command in list!["commands"]!.AsArray())
            {
                data.Add(string.Join(",", list["scopes"]!.AsArray().Select(s => (string?)s)), (string)command!["title"]!);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ListedCommands))]
    public void ListedCommand_TypedAsItsTitle_RoutesToThatCommandsHandler(string scope, string title)
    {
        var routed = _router.MatchCommand(title);

        Assert.True(routed is not null, $"'{title}' ({scope}) is listed in the manifest but no handler takes it: it would fall to unmatched text");
        Assert.Equal(title, routed, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public void RoutedCommands_EachListedInTheManifest()
    {
        var listed = ListedCommands().Select(row => (string)row[1]).ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.NotEmpty(_router.Commands);
        // "claim admin <code>" is deliberately not offered to everyone: only whoever sets CxBot up needs it, and typing
        // "setup" in a tenant with no admin says how to use it.
        Assert.All(_router.Commands.Where(c => c != CxBot.Features.Setup.AdminClaimRoutes.ClaimCommand), command => Assert.True(listed.Contains(command), $"the bot routes '{command}' but the manifest's command lists do not offer it"));
    }

    [Fact]
    public void ListedCommands_SameWordsAsTheHelpCard()
    {
        var help = WelcomeRoutes.Commands.ToDictionary(c => c.Command, c => c.Description, StringComparer.OrdinalIgnoreCase);

        foreach (var command in TestManifest.Template()["bots"]![0]!["commandLists"]!.AsArray().SelectMany(l => l!["commands"]!.AsArray()))
        {
            var title = (string)command!["title"]!;
            Assert.True(help.TryGetValue(title, out var description), $"the help card does not list '{title}'");
            Assert.Equal(description, (string?)command["description"]);
        }
    }

    [Fact]
    public void MatchCommand_UnknownText_Null()
    {
        Assert.Null(_router.MatchCommand("helpdesk"));
        Assert.Equal("help", _router.MatchCommand("HELP me please"));
    }
}
