using CxBot.Testing;
using CxBot.Tests.Storage;
using Xunit.Abstractions;

namespace CxBot.Tests;

/// <summary>
/// The bot on a real Kestrel port in local mode with its own tables, chatting with the real Agents Playground.
/// Own tables because the Playground's tenant and user are the same in every test, and the first installer becomes admin.
/// </summary>
public abstract class PlaygroundTests(AzuriteFixture azurite, ITestOutputHelper? output) : IAsyncLifetime
{
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    protected BotApp Bot { get; private set; } = null!;

    protected PlaygroundServer Playground { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        (Bot, var endpoint) = BotApp.LocalOnLoopback(azurite.Server);
        Playground = await PlaygroundServer.StartAsync(endpoint);
    }

    /// <summary>
    /// Everything the Playground's user received (each message, card, card update and button answer) reads right: see
    /// <see cref="WhatPeopleSee.AssertEverythingReadable"/>. Every test ends with it.
    /// </summary>
    protected async Task AssertEverythingReadableAsync()
    {
        var user = (await Playground.GetConfigAsync())["currentUser"]?["name"]?.ToString() ?? "The Playground's user";
        WhatPeopleSee.AssertEverythingReadable((user, Playground));
    }

    public async Task DisposeAsync()
    {
        if (output is not null)
        {
            // What the Playground saw, for a failing test's log.
            foreach (var seen in Playground.Seen)
            {
                output.WriteLine(seen.ToJsonString());
            }
        }

        await Playground.DisposeAsync();
        await Bot.DisposeAsync();
    }
}
