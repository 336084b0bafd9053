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

    /// <summary>
    /// The team card: managers or admins only; every problem with what was sent at once (time zone from the list, shift end,
    /// managers found in the tenant, listed standards), and the card drawn again with what was sent. Nothing stored on a refusal.
    /// </summary>
    private Task SaveTeamAsync(TurnContext turn)
    {
        var d = turn.CardData;
        var teamId = turn.Activity.ChannelData?.Team?.Id ?? CardInput.Text(d, "teamId", 300) ?? "";
        // Teams sends a multi-select's picks as one comma-separated string; a card posted before the picker may still send a typed id.
        List<string> picked = [.. CardInput.List(d, "managers"), .. CardInput.Text(d, "newManager", MaxPickedValue) is { } typed ? [typed] : Array.Empty<string>()];
        var sent = new TeamInput(CardInput.Text(d, "timeZone", 64), CardInput.Text(d, "shiftEnd", 20), picked, CardInput.List(d, "standards"));
        IReadOnlyList<PickedPerson>? found = null;
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

                var problems = TeamChanges.Problems(s, team, sent);
                found = picked.Count is 0 or > SetupPeople.MaxPicked ? [] : await people.FindAsync(c.TenantId, picked, ct);
                if (found is null)
                {
                    problems.Add(SetupPeople.NotFound);
                }

                return problems.Count > 0 ? Change.Invalid(problems)
                    : TeamChanges.Save(s, c, setup.Roles, teamId, new TeamDraft(sent.TimeZone!, CardInput.Time(d, "shiftEnd")!.Value, found!, sent.Standards));
            },
            (tenant, s, today, notice, ct) => s.FindTeam(teamId) is { } team ? cards.TeamAsync(tenant, s, team, today, notice, withRoster: true, ct) : cards.HomeAsync(tenant, s, today, notice, ct),
            (tenant, s, today, problems, ct) => s.FindTeam(teamId) is { } team
                ? cards.TeamAsync(tenant, s, team, today, null, withRoster: true, ct, sent, problems, found)
                : cards.HomeAsync(tenant, s, today, new Notice(string.Join(" ", problems), Good: false), ct));
    }
}
