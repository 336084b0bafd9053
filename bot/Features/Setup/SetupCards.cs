using System.Text.Json.Nodes;
using CxBot.Cards;

namespace CxBot.Features.Setup;

/// <summary>Binds the setup cards, with every person on them looked up and shown by name (never by id).</summary>
internal sealed class SetupCards(CardTemplates cards, SetupPeople people, IEnumerable<IAdminAttention> attention)
{
    /// <param name="problems">After a refused change: everything to fix, shown with what was sent to change a standard.</param>
    public async Task<JsonObject> HomeAsync(
        string tenantId, TenantSetup setup, DateOnly today, Notice? notice, CancellationToken cancellationToken,
        IReadOnlyList<string>? problems = null, string? standardId = null, double? target = null, DateOnly? from = null)
    {
        var names = await people.OrganisationNamesAsync(tenantId, setup, cancellationToken);
        List<string> lines = [];
        foreach (var source in attention)
        {
            lines.AddRange(await source.LinesAsync(tenantId, cancellationToken));
        }

        return cards.Bind(SetupNames.HomeTemplate, SetupViews.Home(setup, today, names, notice) with
        {
            Attention = [.. lines.Select(l => new AttentionLine(l))],
            Problems = [.. (problems ?? []).Select(p => new Problem(CardText.Clip(p, 300)!))],
            PickedStandard = standardId is not null && setup.FindStandard(standardId) is not null ? standardId : null,
            Target = target,
            From = from?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    /// <param name="sent">After a refused save: the values sent, shown with <paramref name="problems"/>.</param>
    public async Task<JsonObject> OrganisationAsync(
        string tenantId, TenantSetup setup, DateOnly today, Notice? notice, CancellationToken cancellationToken, OrganisationInput? sent = null, IReadOnlyList<string>? problems = null)
    {
        var names = await people.OrganisationNamesAsync(tenantId, setup, cancellationToken);
        return cards.Bind(SetupNames.OrganisationTemplate, SetupViews.Organisation(setup, names, notice, sent, problems));
    }

    /// <param name="withRoster">
    /// False for the card posted on install: the bot joining makes People read the whole roster right after that answer, so
    /// reading it here too would read a large team twice and hold the answer; the picker searches the organisation meanwhile,
    /// and the card opened again (or refreshed by a save) lists the roster.
    /// </param>
    /// <param name="sent">After a refused save: the values sent, shown with <paramref name="problems"/>; <paramref name="found"/> are the picked people found, kept as choices.</param>
    public async Task<JsonObject> TeamAsync(
        string tenantId, TenantSetup setup, TeamSetup team, DateOnly today, Notice? notice, bool withRoster, CancellationToken cancellationToken,
        TeamInput? sent = null, IReadOnlyList<string>? problems = null, IReadOnlyList<PickedPerson>? found = null)
    {
        var (names, choices) = await people.TeamAsync(tenantId, team, withRoster, cancellationToken);
        var extra = (found ?? []).Where(p => !choices.Any(c => string.Equals(c.Value, p.UserId, StringComparison.OrdinalIgnoreCase)))
            .Select(p => new Choice(p.Name ?? SetupPeople.NameOf(names, p.UserId, null), p.UserId));
        return cards.Bind(SetupNames.TeamTemplate, SetupViews.Team(setup, team, today, names, [.. choices, .. extra], notice, sent, problems));
    }

    public JsonObject StandardForm(TenantSetup setup, Notice? notice, StandardFormInput? sent = null, IReadOnlyList<string>? problems = null) =>
        cards.Bind(SetupNames.StandardTemplate, SetupViews.StandardForm(setup, notice, sent, problems));

    public JsonObject Leadership(TenantSetup setup, string channelId, string channelName, Notice? notice) =>
        cards.Bind(SetupNames.LeadershipTemplate, SetupViews.Leadership(setup, channelId, channelName, notice));
}
