using System.Text.Json;
using CxBot.Features.Setup;

namespace CxBot.Features.Ideas;

/// <summary>Managers' decisions on ideas: only a manager of the idea's team (or an admin) decides, each decision with a reason.</summary>
internal sealed class IdeaReview(IdeaService ideas, SetupService setup, IIdeaRecognition recognition)
{
    public const string NotManager = "Only a manager of this idea's team (or a CxBot admin) can decide on it.";
    public const string NeedReason = "Give a reason for the decision (at most 500 characters).";
    public const string NotAllowed = "That decision isn't possible from the idea's current status.";
    public const string Status = "status";
    public const string Reason = "reason";

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
            : new IdeaResult(stored.Idea, IdeaTally.None, null, false);
    }

    /// <summary>Applies the decision; a redelivered one (same status and reason) changes nothing and tells no one twice.</summary>
    public async Task<IdeaResult> DecideAsync(Caller caller, JsonElement? data, CancellationToken cancellationToken)
    {
        var current = await setup.GetAsync(caller.TenantId, cancellationToken);
        var status = IdeaDecisions.Parse(IdeaInput.String(data, Status));
        var reason = IdeaInput.String(data, Reason, multiLine: true);
        if (reason is null || reason.Length > IdeaDecisions.MaxReason)
        {
            return IdeaResult.Refused(NeedReason);
        }

        var result = await ideas.ChangeAsync(
            caller,
            data,
            (idea, who) => !CanDecide(current, idea, who) ? NotManager
                : idea.Status == status && idea.Reason == reason ? null
                : status is not { } s || !IdeaDecisions.Next(idea.Status).Contains(s) ? NotAllowed
                : null,
            idea => idea.Status == status && idea.Reason == reason ? null : idea with { Status = status!.Value, Reason = reason, DeciderId = caller.UserId },
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
}
