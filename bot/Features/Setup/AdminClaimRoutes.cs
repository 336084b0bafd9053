using CxBot.Features.People;
using CxBot.Protocol;
using CxBot.Protocol.Routing;

namespace CxBot.Features.Setup;

/// <summary>
/// How a tenant gets its first admin, and what a person who is not an admin is told: <c>claim admin &lt;code&gt;</c> in a
/// personal chat, with the deployment's claim code (<c>Admin:ClaimCode</c>). The code is never logged or echoed.
/// </summary>
internal sealed class AdminClaimRoutes(SetupService setup, IPeopleNames names, ILogger<AdminClaimRoutes> logger) : IBotRoutes
{
    public const string ClaimCommand = "claim admin";
    public const string PersonalOnly = "Send \"claim admin\" and the code only in your personal chat with CxBot: the code is a secret. If others saw it here, ask whoever deployed CxBot for a new one.";
    public const string NoAdminWithCode = "CxBot has no admin in your organisation yet. If you are setting CxBot up, type \"claim admin\" followed by the admin claim code that came with the deployment, here in your personal chat with me.";
    public const string NoAdminNoCode = "CxBot has no admin in your organisation yet, and whoever deployed it has not set an admin claim code. Ask them to name CxBot's admins or set a claim code (see the admin guide).";
    public const string ConfiguredOnly = "Ask whoever deployed CxBot: its admins are named in its settings, and they can add you on the setup card.";

    public void Map(BotRouteBuilder routes) => routes.OnCommand(ClaimCommand, ClaimAsync);

    /// <summary>What someone who is not an admin is told: who the admins are, or how the first admin is claimed.</summary>
    public async Task<string> NotAdminAsync(string tenantId, TenantSetup current, CancellationToken cancellationToken)
    {
        if (current.Organisation is { Admins.Count: > 0 } org)
        {
            var book = await names.GetNamesAsync(tenantId, org.Admins, cancellationToken);
            var list = SetupViews.NameList([.. org.Admins.Select(a => book.Of(a)).Order(StringComparer.CurrentCultureIgnoreCase)]);
            return $"{Change.NotAdmin} Your organisation's CxBot {(org.Admins.Count == 1 ? "admin is" : "admins are")} {list}: ask {(org.Admins.Count == 1 ? "them" : "one of them")} to add you on the setup card.";
        }

        return setup.Roles.HasAdmin(current) ? $"{Change.NotAdmin} {ConfiguredOnly}"
            : setup.Roles.HasClaimCode ? NoAdminWithCode
            : NoAdminNoCode;
    }

    private async Task ClaimAsync(TurnContext turn)
    {
        if (turn.Activity.Conversation?.ConversationType != ConversationTypes.Personal)
        {
            await turn.TellAsync(PersonalOnly);
            return;
        }

        if (Caller.Of(turn) is not { } caller)
        {
            await turn.TellAsync(SetupRoutes.UnknownCaller);
            return;
        }

        var code = (turn.Activity.TextWithoutMentions() ?? "")[ClaimCommand.Length..].Trim();
        var right = setup.Roles.IsClaimCode(code);
        var zone = turn.Activity.EntitiesOfType("clientInfo").Select(e => ActivityExtensions.StringAt(e, "timezone")).FirstOrDefault(z => z is not null) ?? "UTC";
        var outcome = await setup.ApplyAsync(caller, "admin.claim.code", (s, _) => OrganisationChanges.ClaimWithCode(s, caller, setup.Roles, right, zone), turn.CancellationToken);
        if (outcome.Applied)
        {
            Log.AdminClaimed(logger);
            await turn.TellAsync(outcome.Message);
            return;
        }

        await turn.TellAsync(outcome.Message == Change.NotAdmin ? await NotAdminAsync(caller.TenantId, outcome.Setup, turn.CancellationToken) : outcome.Message);
    }
}
