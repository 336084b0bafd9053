using System.Text.Json;
using CxBot.Features.Setup;

namespace CxBot.Features.Ideas;

/// <summary>
/// Managers' decisions on ideas: only a manager of the idea's team (or an admin) decides; one decision moves the idea to any
/// status, with a reason required only to decline; a form opened before the idea last changed is refused as out of date.
/// </summary>
internal sealed class IdeaReview(IdeaService ideas, SetupService setup, IIdeaRecognition recognition)
{
    public const string NotManager = "Only a manager of this idea's team (or a CxBot admin) can decide on it.";
    public const string PickStatus = "Pick the idea's new status.";
    public const string NeedReason = "Give a reason for declining: the submitter sees it. Nothing was changed.";
    public const string ReasonTooLong = "Keep the reason to at most 500 characters. Nothing was changed.";
    public const string NotAllowed = "This idea was withdrawn by its submitter, so there is nothing to decide.";
    public const string Already = "The idea already has that status: pick another one.";
    public const string Stale = "This idea changed after this form was opened, so nothing was saved. Check it as it is now and decide again.";
    public const string Status = "status";
    public const string Reason = "reason";
    public const string Revision = "revision";

    public bool CanDecide(TenantSetup current, Idea idea, Caller caller) =>
        current.FindTeam(idea.TeamId) is { } team ? setup.Roles.CanManage(current, team, caller) : setup.Roles.IsAdmin(current, caller);

    /// <summary>The idea a manager may decide on, or why not.</summary>
    public async Task<IdeaResult> DecidableAsync(Caller caller, JsonElement? data, CancellationToken cancellationToken)
    {
        var current = await setup.GetAsync(caller.TenantId, cancellationToken);
        if (await ideas.LoadAsync(caller, data, cancellationToken) is not { } stored)
        {
            return IdeaResult.Refused(IdeaService.NotFound);
        }

        return !CanDecide(current, stored.Idea, caller) ? IdeaResult.Refused(NotManager)
            : IdeaDecisions.Next(stored.Idea.Status).Count == 0 ? IdeaResult.Refused(NotAllowed)
            : new IdeaResult(stored.Idea, stored.Tally, null, false);
    }

    /// <summary>
    /// Applies the decision with the idea's ETag. The role is checked first, so someone who may not decide learns only that;
    /// then the form's revision, the status and the reason. The decision is appended to the idea's history in the same write
    /// (<see cref="IdeaHistory"/>). A redelivered decision (same status, reason and decider) changes nothing, adds no second
    /// decision and tells no one twice. A form sent before forms carried a revision has none: it is judged on the idea as it is,
    /// and the write is still guarded by the row's ETag.
    /// </summary>
    public async Task<IdeaResult> DecideAsync(Caller caller, JsonElement? data, CancellationToken cancellationToken)
    {
        var current = await setup.GetAsync(caller.TenantId, cancellationToken);
        var status = IdeaDecisions.Parse(IdeaInput.String(data, Status));
        var reason = IdeaInput.String(data, Reason, multiLine: true);
        var revision = IdeaInput.String(data, Revision);
        bool Repeated(Idea idea) => idea.Status == status && idea.Reason == reason && string.Equals(idea.DeciderId, caller.UserId, StringComparison.OrdinalIgnoreCase);

        var result = await ideas.ChangeAsync(
            caller,
            data,
            (idea, who) => !CanDecide(current, idea, who) ? NotManager
                : Repeated(idea) ? null
                : revision is not null && revision != IdeaDecisions.Revision(idea) ? Stale
                : status is not { } s ? PickStatus
                : s == idea.Status ? Already
                : !IdeaDecisions.Next(idea.Status).Contains(s) ? NotAllowed
                : reason is null && IdeaDecisions.NeedsReason(s) ? NeedReason
                : reason is { Length: > IdeaDecisions.MaxReason } ? ReasonTooLong
                : null,
            (idea, now) => Repeated(idea) ? null : IdeaHistory.Record(idea with { Reason = reason, DeciderId = caller.UserId }, new IdeaDecision(status!.Value, now, caller.UserId)),
            "decide",
            cancellationToken);
        if (result is { Changed: true, Idea: { Status: IdeaStatus.Implemented } implemented })
        {
            await recognition.IdeaImplementedAsync(
                new IdeaImplemented(implemented.TenantId, implemented.TeamId, implemented.Id, implemented.SubmitterId, implemented.SubmitterName, caller.UserId, caller.Name, implemented.Text.Proposal),
                cancellationToken);
        }

        return result;
    }

    /// <summary>Refusals that show the decision form again (with what was picked and typed), rather than a short message.</summary>
    public static bool RedrawsForm(string error) => error is PickStatus or NeedReason or ReasonTooLong or Already or Stale;
}
