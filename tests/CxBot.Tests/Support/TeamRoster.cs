using CxBot.Features.People;
using CxBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Tests;

/// <summary>
/// What the bot has read of a Teams team's roster. It reads it in the background after answering the team install, so a
/// test that picks a team member right after the install waits for the read rather than racing it.
/// </summary>
internal static class TeamRoster
{
    /// <summary>True once the bot's copy of the team's roster names <paramref name="name"/>; false after <paramref name="timeout"/>.</summary>
    public static Task<bool> HasReadAsync(BotApp bot, string tenantId, string teamId, string name, TimeSpan timeout) =>
        Poll.UntilAsync(
            async () => (await bot.Services.GetRequiredService<RosterStore>().GetMembersAsync(tenantId, teamId, default)).Any(m => m.Name == name),
            timeout);
}
