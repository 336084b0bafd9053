using CxBot.Cards;
using CxBot.Features.People;
using CxBot.Features.Setup;

namespace CxBot.Features.Ideas;

/// <summary>Which of a team's ideas a list shows: the open ones (the default), the closed ones, or those with one status.</summary>
internal sealed record IdeaFilter(string Value, string Word, IReadOnlyList<IdeaStatus> Statuses)
{
    public static readonly IdeaFilter Open = new("open", "open", [IdeaStatus.New, IdeaStatus.UnderReview, IdeaStatus.Accepted]);
    public static readonly IdeaFilter Closed = new("closed", "closed", [IdeaStatus.Implemented, IdeaStatus.Declined, IdeaStatus.Archived]);

    public static IdeaFilter Of(IdeaStatus status) => new(IdeaDecisions.Value(status), IdeaViews.StatusLabel(status).ToLowerInvariant(), [status]);

    /// <summary>"open", "closed" or a status ("accepted", "Under review", "underReview"); null for anything else.</summary>
    public static IdeaFilter? Parse(string? text)
    {
        var t = text?.Trim().TrimEnd('.', '!').Trim();
        if (string.IsNullOrEmpty(t))
        {
            return null;
        }

        return string.Equals(t, Open.Value, StringComparison.OrdinalIgnoreCase) ? Open
            : string.Equals(t, Closed.Value, StringComparison.OrdinalIgnoreCase) ? Closed
            : IdeaDecisions.Decided.Prepend(IdeaStatus.New)
                .Where(s => string.Equals(IdeaViews.StatusLabel(s), t, StringComparison.OrdinalIgnoreCase) || string.Equals(IdeaDecisions.Value(s), t, StringComparison.OrdinalIgnoreCase))
                .Select(Of).FirstOrDefault();
    }
}

/// <summary>
/// The lists: a person's own ideas (newest first) and their teams' ideas (open ones top by votes, or closed ones newest first,
/// or one status). A list's counts are of what it lists, so they always agree with its rows and its empty line.
/// </summary>
internal sealed class IdeaLists(IdeaStore store, IdeaService ideas, IdeaPeople people)
{
    public async Task<IdeaListData> MineAsync(Caller caller, CancellationToken cancellationToken)
    {
        var setup = await ideas.SetupAsync(caller.TenantId, cancellationToken);
        var ids = await store.UserIdeaIdsAsync(caller.TenantId, caller.UserId, IdeaNames.ListShown * 2, cancellationToken);
        var mine = await ideas.ReadManyAsync(caller.TenantId, ids, cancellationToken);
        var shown = mine.OrderByDescending(r => r.Idea!.SubmittedAt).Take(IdeaNames.ListShown).ToList();
        var names = await people.NamesAsync(caller.TenantId, shown.Select(r => r.Idea!), cancellationToken);
        var summary = shown.Count == 0 ? null
            : (mine.Count > shown.Count ? $"Your {shown.Count} newest ideas" : Ideas(shown.Count, null)) + ": " + ByStatus(shown);
        return new IdeaListData(
            "My ideas",
            summary,
            [.. shown.Select(r => Item(r, setup, names, withSubmitter: false))],
            shown.Count == 0 ? "You haven't shared an idea yet. Type \"idea\" to share one." : null);
    }

    /// <summary>Ideas of <paramref name="teams"/> that <paramref name="filter"/> keeps (the open ones by default); withdrawn ones are the submitter's own business.</summary>
    public async Task<IdeaListData> TeamsAsync(Caller caller, IReadOnlyList<TeamSetup> teams, IdeaFilter? filter, CancellationToken cancellationToken)
    {
        var setup = await ideas.SetupAsync(caller.TenantId, cancellationToken);
        var ids = await Task.WhenAll(teams.Select(t => store.TeamIdeaIdsAsync(caller.TenantId, t.Id, IdeaNames.ListRead, cancellationToken)));
        var all = (await ideas.ReadManyAsync(caller.TenantId, ids.SelectMany(i => i), cancellationToken)).Where(r => r.Idea!.Status != IdeaStatus.Withdrawn).ToList();
        var f = filter ?? IdeaFilter.Open;
        var kept = all.Where(r => f.Statuses.Contains(r.Idea!.Status)).ToList();
        var ordered = f == IdeaFilter.Open
            ? kept.OrderByDescending(r => r.Tally.Votes).ThenByDescending(r => r.Idea!.SubmittedAt)
            : kept.OrderByDescending(r => r.Idea!.UpdatedAt);
        var shown = ordered.Take(IdeaNames.ListShown).ToList();
        var heading = (teams.Count == 1 ? $"Ideas of {CardText.Clip(teams[0].Name, 80)}" : "Your teams' ideas") + ": " + f.Word;
        var names = await people.NamesAsync(caller.TenantId, shown.Select(r => r.Idea!), cancellationToken);
        var summary = kept.Count == 0 ? null
            : Ideas(kept.Count, f.Word) + (f.Statuses.Count > 1 ? ": " + ByStatus(kept) : "") + "."
                + (shown.Count < kept.Count ? (f == IdeaFilter.Open ? $" The top {shown.Count} by votes are shown." : $" The {shown.Count} latest are shown.") : "");
        var empty = kept.Count > 0 ? null
            : all.Count == 0 ? "No ideas here yet. Type \"idea\" to share one."
            : f == IdeaFilter.Open ? "No open ideas right now."
            : $"No {f.Word} ideas yet.";
        IdeaFilter[] others = [IdeaFilter.Open, IdeaFilter.Closed];
        var filters = others.Where(o => o != f)
            .Select(o => new IdeaChoice($"{char.ToUpperInvariant(o.Word[0])}{o.Word[1..]} ideas ({all.Count(r => o.Statuses.Contains(r.Idea!.Status))})", o.Value)).ToList();
        return new IdeaListData(heading, summary, [.. shown.Select(r => Item(r, setup, names, withSubmitter: true))], empty) { Filters = filters };
    }

    /// <summary>Every idea of <paramref name="teams"/> (withdrawn ones included: the export is for managers), newest first.</summary>
    public async Task<IReadOnlyList<IdeaResult>> AllAsync(string tenantId, IReadOnlyList<TeamSetup> teams, CancellationToken cancellationToken)
    {
        var ids = await Task.WhenAll(teams.Select(t => store.TeamIdeaIdsAsync(tenantId, t.Id, IdeaNames.ExportRead, cancellationToken)));
        return [.. (await ideas.ReadManyAsync(tenantId, ids.SelectMany(i => i), cancellationToken)).OrderByDescending(r => r.Idea!.SubmittedAt)];
    }

    /// <summary>"1 idea", "3 open ideas".</summary>
    private static string Ideas(int count, string? word) => $"{count} {(word is null ? "" : word + " ")}{(count == 1 ? "idea" : "ideas")}";

    /// <summary>"New 2 · Accepted 1": how many of <paramref name="ideas"/> have each status, in the order of the life of an idea.</summary>
    private static string ByStatus(IEnumerable<IdeaResult> ideas) =>
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
