using System.Text.Json.Nodes;
using CxBot.Features.Setup;
using CxBot.Testing;
using CxBot.Tests.Features.Setup;

namespace CxBot.Tests;

/// <summary>
/// Builds a test tenant the way its people do in Teams, through <c>/api/messages</c>: personal chats with CxBot, the first admin
/// (claimed with the deployment's code when authentication is on), a starter journey, and one Teams team installed by its
/// manager with its members added; or writes its whole setup at once, as a seed. The harnesses of incidents, ideas,
/// recognition, check-ins, measures and scorecards build their tenants with it; how an activity is posted, and what its answer
/// must be, stays theirs (<paramref name="post"/> for messages and events, <paramref name="invoke"/> for card actions).
/// </summary>
internal sealed class TestTenant(SetupActivities t, Func<JsonObject, Task> post, Func<JsonObject, Task>? invoke = null)
{
    private readonly Func<JsonObject, Task> _invoke = invoke ?? post;

    /// <summary>The tenant's activities (its id, its Teams team, the names its people carry).</summary>
    public SetupActivities T => t;

    /// <summary>Each of <paramref name="people"/>, in order, opens a personal chat with CxBot (installs it there).</summary>
    public async Task InstallAsync(params IEnumerable<string> people)
    {
        foreach (var person in people)
        {
            await post(t.PersonalInstall(person));
        }
    }

    /// <summary>With authentication on, installing first makes nobody an admin: <paramref name="admin"/> claims it with the deployment's code.</summary>
    public async Task ClaimAdminAsync(string admin, string? authorization)
    {
        if (authorization is not null)
        {
            await post(t.PersonalText(admin, "claim admin " + BotApp.AdminClaimCode));
        }
    }

    /// <summary><paramref name="admin"/> picks a starter journey: its touchpoints and standards.</summary>
    public Task PickJourneyAsync(string admin, string journey = "delivery") =>
        _invoke(t.Execute(admin, "setup.journey.pick", new JsonObject { ["journey"] = journey }));

    /// <summary>
    /// <paramref name="manager"/> installs CxBot in the Teams team; with <paramref name="saveSettings"/>, saves the team's settings in
    /// its channel (UTC, shift end 17:30, themselves as its manager); then adds <paramref name="members"/>, each carrying their
    /// name in the event when <paramref name="names"/> has one.
    /// </summary>
    public async Task TeamAsync(string manager, IEnumerable<string> members, bool saveSettings = false, IReadOnlyDictionary<string, string>? names = null)
    {
        await post(t.TeamInstall(manager));
        if (saveSettings)
        {
            await _invoke(t.Execute(manager, "setup.team.save", new JsonObject { ["timeZone"] = "UTC", ["shiftEnd"] = "17:30", ["managers"] = manager }, inChannel: true));
        }

        foreach (var member in members)
        {
            var added = t.MemberAdded(manager, member);
            if (names is not null && names.TryGetValue(member, out var name))
            {
                added["membersAdded"]![0]!["name"] = name;
            }

            await post(added);
        }
    }

    /// <summary>Writes <paramref name="setup"/> as the tenant's whole setup, changed by <paramref name="by"/> at <paramref name="at"/>.</summary>
    public static async Task WriteSetupAsync(SetupStore store, string tenantId, TenantSetup setup, string by, DateTimeOffset at) =>
        await store.SaveAsync(await store.LoadAsync(tenantId, default), setup, by, "test.seed", at, default);
}
