using CxBot.Cards;
using CxBot.Features.People;
using CxBot.Features.Setup;

namespace CxBot.Features.Ideas;

/// <summary>The lists: a person's own ideas (newest first) and their teams' ideas (top by votes, counted by status, filterable by status).</summary>
internal sealed class IdeaLists(IdeaStore store, IdeaService ideas, IdeaPeople people)
{
    private static readonly IdeaStatus[] Open = [IdeaStatus.New, IdeaStatus.UnderReview, IdeaStatus.Accepted];

    public async Task<IdeaListData> MineAsync(Caller caller, CancellationToken cancellationToken)
    {
        var setup = await ideas.SetupAsync(caller.TenantId, cancellationToken);
        var ids = await store.UserIdeaIdsAsync(caller.TenantId, caller.UserId, IdeaNames.ListShown * 2, cancellationToken);
        var mine = await ideas.ReadManyAsync(caller.TenantId, ids, cancellationToken);
        var shown = mine.OrderByDescending(r => r.Idea!.SubmittedAt).Take(IdeaNames.ListShown).ToList();
        var names = await people.NamesAsync(caller.TenantId, shown.Select(r => r.Idea!), cancellationToken);
        return new IdeaListData(
            "My ideas",
            mine.Count == 0 ? null : Summary(mine),
            [.. shown.Select(r => Item(r, setup, names, withSubmitter: false))],
            mine.Count == 0 ? "You haven't shared an idea yet. Type \"idea\" to share one." : null);
    }

    /// <summary>Ideas of <paramref name="teams"/>: open ones by default, or those with <paramref name="status"/>; withdrawn ones are the submitter's own business.</summary>
    public async Task<IdeaListData> TeamsAsync(Caller caller, IReadOnlyList<TeamSetup> teams, IdeaStatus? status, CancellationToken cancellationToken)
    {
        var setup = await ideas.SetupAsync(caller.TenantId, cancellationToken);
        var ids = await Task.WhenAll(teams.Select(t => store.TeamIdeaIdsAsync(caller.TenantId, t.Id, IdeaNames.ListRead, cancellationToken)));
        var all = (await ideas.ReadManyAsync(caller.TenantId, ids.SelectMany(i => i), cancellationToken)).Where(r => r.Idea!.Status != IdeaStatus.Withdrawn).ToList();
        var shown = all.Where(r => status is { } s ? r.Idea!.Status == s : Open.Contains(r.Idea!.Status))
            .OrderByDescending(r => r.Tally.Votes).ThenByDescending(r => r.Idea!.SubmittedAt).Take(IdeaNames.ListShown).ToList();
        var heading = (teams.Count == 1 ? $"Ideas of {CardText.Clip(teams[0].Name, 80)}" : "Your teams' ideas") + (status is { } f ? $": {IdeaViews.StatusLabel(f).ToLowerInvariant()}" : ", top by votes");
        var names = await people.NamesAsync(caller.TenantId, shown.Select(r => r.Idea!), cancellationToken);
        var items = shown.Select(r => Item(r, setup, names, withSubmitter: true)).ToList();
        return new IdeaListData(heading, all.Count == 0 ? null : Summary(all), items, items.Count == 0 ? "No ideas here yet. Type \"idea\" to share one." : null);
    }

    /// <summary>Every idea of <paramref name="teams"/> (withdrawn ones included: the export is for managers), newest first.</summary>
    public async Task<IReadOnlyList<IdeaResult>> AllAsync(string tenantId, IReadOnlyList<TeamSetup> teams, CancellationToken cancellationToken)
    {
        var ids = await Task.WhenAll(teams.Select(t => store.TeamIdeaIdsAsync(tenantId, t.Id, IdeaNames.ExportRead, cancellationToken)));
        return [.. (await ideas.ReadManyAsync(tenantId, ids.SelectMany(i => i), cancellationToken)).OrderByDescending(r => r.Idea!.SubmittedAt)];
    }

    /// <summary>A status typed after <c>team ideas</c> ("accepted", "under review"…), or null.</summary>
    public static IdeaStatus? ParseFilter(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null
        : Enum.GetValues<IdeaStatus>().Where(s => s != IdeaStatus.Withdrawn).Select(s => (IdeaStatus?)s)
            .FirstOrDefault(s => string.Equals(IdeaViews.StatusLabel(s!.Value), text.Trim(), StringComparison.OrdinalIgnoreCase));

    private static string Summary(IEnumerable<IdeaResult> ideas) =>
        string.Join(" · ", ideas.GroupBy(r => r.Idea!.Status).OrderBy(g => g.Key).Select(g => $"{IdeaViews.StatusLabel(g.Key)} {g.Count()}"));

    /// <summary>One line: status, votes, team, who shared it (in lists of others' ideas) and who decided.</summary>
    private static IdeaListItem Item(IdeaResult r, TenantSetup setup, NameBook names, bool withSubmitter)
    {
        var i = r.Idea!;
        var parts = new List<string> { IdeaViews.StatusLabel(i.Status), r.Tally.Votes == 1 ? "1 vote" : $"{r.Tally.Votes} votes", CardText.Clip(setup.FindTeam(i.TeamId)?.Name ?? "Team", 60)! };
        if (withSubmitter)
        {
            parts.Add("from " + CardText.Clip(IdeaPeople.NameOf(names, i.SubmitterId, i.SubmitterName), 60));
        }

        if (i.DeciderId is { } decider && i.Status is not (IdeaStatus.New or IdeaStatus.Withdrawn))
        {
            parts.Add("decided by " + CardText.Clip(names.Of(decider), 60));
        }

        return new IdeaListItem(i.Id, CardText.Clip(i.Text.Problem, 120)!, string.Join(" · ", parts));
    }
}
