using CxBot.Cards;
using CxBot.Features.People;
using CxBot.Features.Setup;

namespace CxBot.Features.Ideas;

/// <summary>Builds card data from ideas and the tenant's setup; who sees which buttons is decided here and checked again on the server.</summary>
internal static class IdeaViews
{
    private const int ClipText = 600;
    private const int ClipBenefit = 300;

    /// <summary>
    /// How one person sees an idea: <paramref name="voted"/> null is the shared channel view (both vote buttons);
    /// <paramref name="names"/> names its submitter, decider and comment authors (see <see cref="IdeaPeople"/>).
    /// </summary>
    public static IdeaCardData Card(Idea idea, TenantSetup setup, IdeaTally tally, NameBook names, string? viewerId, bool? voted, string? notice, bool canDecide, bool allComments)
    {
        var team = setup.FindTeam(idea.TeamId);
        var links = new List<IdeaChoice>();
        if (idea.Text.TouchpointId is { } tp)
        {
            links.Add(new("Touchpoint", setup.Journey.FirstOrDefault(t => t.Id == tp)?.Name ?? tp));
        }

        if (idea.Text.StandardId is { } st)
        {
            links.Add(new("Standard", setup.FindStandard(st)?.Name ?? st));
        }

        if (idea.Text.IncidentRef is { } incident)
        {
            links.Add(new("Incident", incident));
        }

        var shown = tally.Comments.TakeLast(allComments ? IdeaNames.MaxCommentsShown : IdeaNames.LatestComments).ToList();
        var hidden = Math.Max(tally.CommentCount, tally.Comments.Count) - shown.Count;
        var isSubmitter = viewerId is not null && string.Equals(viewerId, idea.SubmitterId, StringComparison.OrdinalIgnoreCase);
        return new IdeaCardData(
            idea.Id,
            team?.Name ?? "Team",
            StatusLabel(idea.Status),
            idea.Status switch { IdeaStatus.Implemented or IdeaStatus.Accepted => "Good", IdeaStatus.Declined or IdeaStatus.Withdrawn => "Attention", _ => "Accent" },
            CardText.Clip(idea.Text.Problem, ClipText)!,
            CardText.Clip(idea.Text.Proposal, ClipText)!,
            CardText.Clip(idea.Text.Benefit, ClipBenefit),
            links,
            CardText.Clip(IdeaPeople.NameOf(names, idea.SubmitterId, idea.SubmitterName), 80)!,
            tally.Votes,
            tally.Votes == 1 ? "1 vote" : $"{tally.Votes} votes",
            idea.IsOpen && voted != true,
            idea.IsOpen && voted != false,
            isSubmitter && idea.IsEditable,
            canDecide && IdeaDecisions.Next(idea.Status).Count > 0,
            Decision(idea, names),
            notice,
            [.. shown.Select(c => new IdeaCommentData(CardText.Clip(IdeaPeople.NameOf(names, c.AuthorId, c.AuthorName), 80)!, CardText.Clip(c.Text, IdeaNames.MaxComment)!))],
            hidden > 0 ? (hidden == 1 ? "1 earlier comment" : $"{hidden} earlier comments") : null,
            idea.Status is not (IdeaStatus.Withdrawn or IdeaStatus.Archived),
            RefreshUsers(idea, team));
    }

    /// <summary>The decision form; after a refusal, <paramref name="picked"/> and <paramref name="reason"/> keep what the manager chose and typed.</summary>
    public static IdeaDecideData DecideForm(Idea idea, TenantSetup setup, NameBook names, int votes, string? errors, string? picked = null, string? reason = null) => new(
        idea.Id,
        IdeaDecisions.Revision(idea),
        setup.FindTeam(idea.TeamId)?.Name ?? "Team",
        CardText.Clip(IdeaPeople.NameOf(names, idea.SubmitterId, idea.SubmitterName), 80)!,
        StatusLabel(idea.Status),
        CardText.Clip(idea.Text.Problem, ClipBenefit)!,
        CardText.Clip(idea.Text.Proposal, ClipBenefit)!,
        votes == 1 ? "1 vote" : $"{votes} votes",
        [.. IdeaDecisions.Next(idea.Status).Select(s => new IdeaChoice(StatusLabel(s), IdeaDecisions.Value(s)))],
        IdeaDecisions.Parse(picked) is { } p && IdeaDecisions.Next(idea.Status).Contains(p) ? IdeaDecisions.Value(p) : null,
        CardText.Clip(reason, IdeaDecisions.MaxReason),
        errors);

    public static IdeaFormData NewForm(TenantSetup setup, IReadOnlyList<TeamSetup> teams, string token, string? errors) =>
        new("Share an idea", IdeaNames.Submit, token, null, true, [.. teams.Select(t => new IdeaChoice(t.Name, t.Id))], teams.Count == 1 ? teams[0].Id : null,
            Touchpoints(setup), Standards(setup), null, null, null, null, null, null, errors);

    /// <summary>The form again after a refused submission, keeping what the user typed.</summary>
    public static IdeaFormData Retry(IdeaFormData form, System.Text.Json.JsonElement? data, string errors) => form with
    {
        Problem = IdeaInput.String(data, IdeaInput.Problem),
        Proposal = IdeaInput.String(data, IdeaInput.Proposal),
        Benefit = IdeaInput.String(data, IdeaInput.Benefit),
        IncidentRef = CardText.Clip(IdeaInput.String(data, IdeaInput.IncidentRef), IdeaNames.MaxIncidentRef),
        TouchpointId = IdeaInput.String(data, IdeaInput.TouchpointId) is { } tp && form.Touchpoints.Any(t => t.Value == tp) ? tp : form.TouchpointId,
        StandardId = IdeaInput.String(data, IdeaInput.StandardId) is { } st && form.Standards.Any(t => t.Value == st) ? st : form.StandardId,
        TeamId = IdeaInput.String(data, IdeaInput.TeamId) is { } team && form.Teams.Any(t => t.Value == team) ? team : form.TeamId,
        Errors = errors,
    };

    public static IdeaFormData EditForm(Idea idea, TenantSetup setup, string? errors) =>
        new("Edit your idea", IdeaNames.Save, null, idea.Id, false, [], idea.TeamId, Touchpoints(setup), Standards(setup),
            idea.Text.Problem, idea.Text.Proposal, idea.Text.Benefit, idea.Text.TouchpointId, idea.Text.StandardId, idea.Text.IncidentRef, errors);

    /// <summary>"Accepted by Maya Manager: reason" or "Implemented by Maya Manager": the latest decision, who took it and why; null before any.</summary>
    public static string? Decision(Idea idea, NameBook names) =>
        idea.DeciderId is { } decider && idea.Status is not (IdeaStatus.New or IdeaStatus.Withdrawn)
            ? $"{StatusLabel(idea.Status)} by {CardText.Clip(names.Of(decider), 80)}" + (idea.Reason is { } why ? $": {CardText.Clip(why, ClipBenefit)}" : "")
        : idea.Reason is { } reason ? $"Reason: {CardText.Clip(reason, ClipBenefit)}"
        : null;

    public static string StatusLabel(IdeaStatus status) => status switch
    {
        IdeaStatus.New => "New",
        IdeaStatus.UnderReview => "Under review",
        IdeaStatus.Accepted => "Accepted",
        IdeaStatus.Implemented => "Implemented",
        IdeaStatus.Declined => "Declined",
        IdeaStatus.Archived => "Archived",
        _ => "Withdrawn",
    };

    /// <summary>Teams refreshes the card for these users when they see it: the submitter, the managers, then members (at most 60).</summary>
    private static IReadOnlyList<string> RefreshUsers(Idea idea, TeamSetup? team) =>
        [.. new[] { idea.SubmitterId }.Concat(team?.Managers ?? []).Concat(team?.Members.Select(m => m.UserId) ?? [])
            .Distinct(StringComparer.OrdinalIgnoreCase).Take(IdeaNames.MaxRefreshUsers).Select(id => "8:orgid:" + id)];

    private static IReadOnlyList<IdeaChoice> Touchpoints(TenantSetup setup) => [.. setup.Journey.OrderBy(t => t.Order).Select(t => new IdeaChoice(t.Name, t.Id))];

    private static IReadOnlyList<IdeaChoice> Standards(TenantSetup setup) => [.. setup.Standards.Where(s => s.RetiredFrom is null).Select(s => new IdeaChoice(s.Name, s.Id))];
}
