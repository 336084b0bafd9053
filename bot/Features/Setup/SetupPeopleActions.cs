using CxBot.Protocol;
using CxBot.Protocol.Routing;

namespace CxBot.Features.Setup;

/// <summary>The setup card actions that pick people: every picked value is found in the tenant before anything is stored.</summary>
internal sealed partial class SetupRoutes
{
    /// <summary>Picker values are object ids (Teams) or user ids (local clients); anything longer is neither.</summary>
    private const int MaxPickedValue = 200;

    private Task AddAdminAsync(TurnContext turn)
    {
        var value = CardInput.Text(turn.CardData, "adminId", MaxPickedValue);
        return ChangeAsync(turn, "admin.add", AdminWith(value, "Pick the person to make an admin.", async (s, c, _, v, ct) =>
            await people.FindAsync(c.TenantId, [v], ct) is [var person] ? OrganisationChanges.AddAdmin(s, c, setup.Roles, person) : Change.Refused(SetupPeople.NotFound)), OrganisationCard);
    }

    /// <summary>Not looked up first: an admin CxBot cannot name (one who left) must still be removable.</summary>
    private Task RemoveAdminAsync(TurnContext turn)
    {
        var id = CardInput.Text(turn.CardData, "removeAdminId", MaxPickedValue) is { } value ? AadObjectIds.Normalise(value) : null;
        return ChangeAsync(turn, "admin.remove", AdminWith(id, "Pick the admin to remove.", async (s, c, _, i, ct) =>
            OrganisationChanges.RemoveAdmin(s, c, setup.Roles, i, await people.NameAsync(c.TenantId, i, ct))), OrganisationCard);
    }

    private Task SaveTeamAsync(TurnContext turn)
    {
        var d = turn.CardData;
        var teamId = turn.Activity.ChannelData?.Team?.Id ?? CardInput.Text(d, "teamId", 300) ?? "";
        var (timeZone, shiftEnd, standards) = (CardInput.Text(d, "timeZone", 64), CardInput.Time(d, "shiftEnd"), CardInput.List(d, "standards"));
        // Teams sends a multi-select's picks as one comma-separated string; a card posted before the picker may still send a typed id.
        List<string> picked = [.. CardInput.List(d, "managers"), .. CardInput.Text(d, "newManager", MaxPickedValue) is { } typed ? [typed] : Array.Empty<string>()];
        return ChangeAsync(
            turn,
            "team.save",
            async (s, c, _, ct) =>
            {
                // TeamChanges.Save checks the team and role again; checking them first means nobody else makes CxBot look people up.
                if (s.FindTeam(teamId) is not { } team)
                {
                    return Change.Refused(TeamChanges.NotSetUp);
                }

                if (!setup.Roles.CanManage(s, team, c))
                {
                    return Change.Refused(Change.NotManager);
                }

                if (timeZone is null || shiftEnd is not { } end)
                {
                    return Change.Refused("Give the team's time zone and shift end.");
                }

                if (picked.Count > SetupPeople.MaxPicked)
                {
                    return Change.Refused($"Pick at most {SetupPeople.MaxPicked} managers.");
                }

                var managers = picked.Count == 0 ? [] : await people.FindAsync(c.TenantId, picked, ct);
                return managers is null ? Change.Refused(SetupPeople.NotFound) : TeamChanges.Save(s, c, setup.Roles, teamId, new TeamDraft(timeZone, end, managers, standards));
            },
            (tenant, s, today, notice, ct) => s.FindTeam(teamId) is { } team ? cards.TeamAsync(tenant, s, team, today, notice, withRoster: true, ct) : cards.HomeAsync(tenant, s, today, notice, ct));
    }
}
