using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CxBot.Features.People;
using CxBot.Features.Setup;
using CxBot.Storage;
using Microsoft.Extensions.Caching.Memory;

namespace CxBot.Features.Ideas;

/// <summary>The result of an idea action: the idea as it now is (and its vote count), or the reason nothing changed.</summary>
internal sealed record IdeaResult(Idea? Idea, IdeaTally Tally, string? Error, bool Changed)
{
    public static IdeaResult Refused(string error) => new(null, IdeaTally.None, error, false);
}

/// <summary>
/// The rules of ideas, all checked here on the server: who may submit to which team, edit or withdraw (the submitter, before review),
/// and vote (anyone in the tenant, once, while the idea is open). Card data only names things; it never grants anything.
/// </summary>
internal sealed class IdeaService(IdeaStore store, IdeaVoteQueue votes, SetupService setup, IPeopleDirectory people, IIdeaIncidents incidents, TimeProvider time, ILogger<IdeaService> logger)
{
    public const string NotFound = "I can't find that idea.";
    public const string OutOfDate = "This form is out of date. Type \"idea\" to open a new one.";
    public const string NoTeam = "You're not in a team set up in CxBot yet, so there's nowhere to share an idea. Ask your manager to add you.";
    public const string PickTeam = "Pick one of your teams.";
    public const string NotSubmitter = "Only the person who submitted this idea can change it.";
    public const string ReviewStarted = "Review has started on this idea, so it can no longer be edited or withdrawn.";
    public const string Closed = "This idea is closed to votes.";
    public const string Conflict = "This idea was changed at the same moment, so nothing was saved. Please try again.";
    public const string NoComments = "This idea is closed to comments.";
    public const string CommentLength = "Write a comment of at most 280 characters.";
    public const string UnknownIncident = "There is no incident {0} in your organisation: check the reference (it looks like INC-2026-000123) or leave it empty.";
    private const int MaxAttempts = 5;

    public Task<TenantSetup> SetupAsync(string tenantId, CancellationToken cancellationToken) => setup.GetAsync(tenantId, cancellationToken);

    /// <summary>The setup for drawing a vote's card (team name, manager buttons), at most a moment old; votes never depend on it.</summary>
    public Task<TenantSetup> RecentSetupAsync(string tenantId, CancellationToken cancellationToken) => setup.GetRecentAsync(tenantId, cancellationToken);

    /// <summary>
    /// The teams <paramref name="caller"/> may share an idea with: their own (setup's members and the Teams rosters, so people
    /// who were in a team before CxBot joined it count too), or every team for an admin.
    /// </summary>
    public async Task<IReadOnlyList<TeamSetup>> TeamsOfAsync(TenantSetup current, Caller caller, CancellationToken cancellationToken)
    {
        if (setup.Roles.IsAdmin(current, caller))
        {
            return current.Teams;
        }

        var placed = (await people.GetPlacementAsync(caller.TenantId, caller.UserId, cancellationToken)).Teams.Select(t => t.TeamId).ToHashSet(StringComparer.Ordinal);
        return [.. current.Teams.Where(t => placed.Contains(t.Id) || t.Members.Any(m => string.Equals(m.UserId, caller.UserId, StringComparison.OrdinalIgnoreCase)))];
    }

    /// <summary>The teams <paramref name="caller"/> manages: theirs as a manager, or every team for an admin.</summary>
    public IReadOnlyList<TeamSetup> ManagedTeams(TenantSetup current, Caller caller) => setup.Roles.ManagedTeams(current, caller);

    public async Task<IdeaResult> SubmitAsync(Caller caller, JsonElement? data, CancellationToken cancellationToken)
    {
        if (IdeaInput.Id(data, IdeaInput.Token) is not { } token)
        {
            return IdeaResult.Refused(OutOfDate);
        }

        var current = await setup.GetAsync(caller.TenantId, cancellationToken);
        var teams = await TeamsOfAsync(current, caller, cancellationToken);
        if (teams.Count == 0)
        {
            return IdeaResult.Refused(NoTeam);
        }

        var teamId = IdeaInput.String(data, IdeaInput.TeamId);
        var team = teams.FirstOrDefault(t => t.Id == teamId);
        var (text, errors) = await ReadTextAsync(caller, data, current, cancellationToken);
        if (team is null || text is null)
        {
            return IdeaResult.Refused(string.Join(" ", (team is null ? [PickTeam] : Array.Empty<string>()).Concat(errors)));
        }

        var now = time.GetUtcNow();
        var idea = new Idea(IdFor(caller, token), caller.TenantId, team.Id, caller.UserId, caller.Name, text, IdeaStatus.New, null, null, now, now, null);
        if (await store.CreateAsync(idea, cancellationToken))
        {
            await store.IndexAsync(idea, cancellationToken);
            Log.Submitted(logger, idea.Id);
            return new IdeaResult(idea, IdeaTally.None, null, true);
        }

        // Teams redelivered the submission (or the user pressed twice): the same caller and token name the same idea.
        var existing = await store.GetAsync(caller.TenantId, idea.Id, cancellationToken);
        if (existing is null)
        {
            return IdeaResult.Refused(Conflict);
        }

        await store.IndexAsync(existing.Idea, cancellationToken);
        return new IdeaResult(existing.Idea, existing.Tally, null, false);
    }

    public async Task<IdeaResult> EditAsync(Caller caller, JsonElement? data, CancellationToken cancellationToken)
    {
        var current = await setup.GetAsync(caller.TenantId, cancellationToken);
        var (text, errors) = await ReadTextAsync(caller, data, current, cancellationToken);
        return text is null
            ? IdeaResult.Refused(string.Join(" ", errors))
            : await ChangeAsync(caller, data, OwnerCheck, (i, _) => i.Text == text ? null : i with { Text = text }, "edit", cancellationToken);
    }

    /// <summary>The submitter withdraws their idea; the withdrawal is kept in its decisions (see <see cref="IdeaHistory"/>).</summary>
    public Task<IdeaResult> WithdrawAsync(Caller caller, JsonElement? data, CancellationToken cancellationToken) =>
        ChangeAsync(caller, data, OwnerCheck, (i, now) => IdeaHistory.Record(i, new IdeaDecision(IdeaStatus.Withdrawn, now, caller.UserId)), "withdraw", cancellationToken);

    /// <summary>The idea the submitter may edit, or why not.</summary>
    public async Task<IdeaResult> EditableAsync(Caller caller, JsonElement? data, CancellationToken cancellationToken)
    {
        if (await LoadAsync(caller, data, cancellationToken) is not { } stored)
        {
            return IdeaResult.Refused(NotFound);
        }

        return OwnerCheck(stored.Idea, caller) is { } error ? IdeaResult.Refused(error) : new IdeaResult(stored.Idea, IdeaTally.None, null, false);
    }

    /// <summary>
    /// A vote or take-back: queued with the others in flight for the same idea and committed with them in one transaction that also
    /// writes the idea row's count, guarded by its ETag (see <see cref="IdeaVoteQueue"/>). The idea row is the tenant check (its
    /// partition is the caller's tenant + the idea id); an unknown or closed idea writes nothing.
    /// </summary>
    public async Task<IdeaResult> VoteAsync(Caller caller, JsonElement? data, bool vote, CancellationToken cancellationToken)
    {
        if (IdeaInput.Id(data, IdeaInput.IdeaId) is not { } id)
        {
            return IdeaResult.Refused(NotFound);
        }

        VoteAnswer answer;
        try
        {
            answer = await votes.SubmitAsync(caller.TenantId, id, new VoteChange(caller.UserId, vote, time.GetUtcNow()), cancellationToken);
        }
        catch (TableETagMismatchException)
        {
            Log.GaveUp(logger, "vote");
            return IdeaResult.Refused(Conflict);
        }

        if (answer is not { Idea: { } stored, Changed: { } changed })
        {
            return IdeaResult.Refused(answer.Idea is null ? NotFound : Closed);
        }

        Log.Voted(logger, stored.Idea.Id, vote, changed);
        return new IdeaResult(stored.Idea, stored.Tally, null, changed);
    }

    /// <summary>An idea as <paramref name="caller"/> sees it: with its count and whether they voted.</summary>
    /// <remarks>The count and the latest comments come with the idea's row; <paramref name="allComments"/> also queries every comment row.</remarks>
    public async Task<(IdeaResult Result, bool Voted)> ViewAsync(Caller caller, JsonElement? data, bool allComments, CancellationToken cancellationToken)
    {
        if (await LoadAsync(caller, data, cancellationToken) is not { } stored)
        {
            return (IdeaResult.Refused(NotFound), false);
        }

        var voted = store.HasVotedAsync(caller.TenantId, stored.Idea.Id, caller.UserId, cancellationToken);
        var tally = stored.Tally;
        if (allComments)
        {
            var comments = await store.ReadCommentsAsync(caller.TenantId, stored.Idea.Id, cancellationToken);
            tally = tally with { Comments = comments, CommentCount = comments.Count };
        }

        return (new IdeaResult(stored.Idea, tally, null, false), await voted);
    }

    /// <summary>Adds a short comment (anyone in the tenant, unless the idea is withdrawn); <paramref name="submissionId"/> makes a redelivery harmless.</summary>
    public async Task<IdeaResult> CommentAsync(Caller caller, JsonElement? data, string submissionId, CancellationToken cancellationToken)
    {
        if (await LoadAsync(caller, data, cancellationToken) is not { } stored)
        {
            return IdeaResult.Refused(NotFound);
        }

        if (!TakesComments(stored.Idea))
        {
            return IdeaResult.Refused(NoComments);
        }

        var text = IdeaInput.String(data, IdeaInput.Comment);
        if (text is null || text.Length > IdeaNames.MaxComment)
        {
            return IdeaResult.Refused(CommentLength);
        }

        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{caller.UserId.ToLowerInvariant()}|{submissionId}")))[..24];
        try
        {
            var comment = new IdeaComment(caller.UserId, caller.Name, text, time.GetUtcNow());
            if (await store.AddCommentAsync(stored, key, comment, TakesComments, cancellationToken) is not { } after)
            {
                return IdeaResult.Refused(NoComments);
            }

            Log.Commented(logger, stored.Idea.Id);
            return new IdeaResult(after.Idea, after.Tally, null, true);
        }
        catch (TableETagMismatchException)
        {
            Log.GaveUp(logger, "comment");
            return IdeaResult.Refused(Conflict);
        }
    }

    /// <summary>Ideas by id with their counts, read in parallel; ids whose idea is gone are skipped.</summary>
    public async Task<IReadOnlyList<IdeaResult>> ReadManyAsync(string tenantId, IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var read = await Task.WhenAll(ids.Select(async id => await store.GetAsync(tenantId, id, cancellationToken) is { } stored
            ? new IdeaResult(stored.Idea, stored.Tally, null, false)
            : null));
        return [.. read.OfType<IdeaResult>()];
    }

    public Task<bool> HasVotedAsync(Caller caller, Idea idea, CancellationToken cancellationToken) =>
        store.HasVotedAsync(caller.TenantId, idea.Id, caller.UserId, cancellationToken);

    /// <summary>Remembers where the idea's channel card is, so later changes update it in place.</summary>
    public async Task RememberChannelCardAsync(Idea idea, string activityId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (await store.GetAsync(idea.TenantId, idea.Id, cancellationToken) is not { } stored || stored.Idea.ChannelActivityId is not null)
            {
                return;
            }

            try
            {
                await store.ReplaceAsync(stored.Idea with { ChannelActivityId = activityId }, stored.ETag, cancellationToken);
                return;
            }
            catch (TableETagMismatchException)
            {
                Log.Conflict(logger, "channel", attempt);
            }
        }
    }

    /// <summary>
    /// The form's text (see <see cref="IdeaInput.ReadText"/>) with its incident reference looked up in the caller's tenant: every
    /// problem at once, and a reference that names no incident there is one of them. The reference is stored as the incidents
    /// feature writes it.
    /// </summary>
    private async Task<(IdeaText? Text, IReadOnlyList<string> Errors)> ReadTextAsync(Caller caller, JsonElement? data, TenantSetup current, CancellationToken cancellationToken)
    {
        var (text, errors) = IdeaInput.ReadText(data, current);
        if (IdeaInput.IncidentRefOf(data) is not { } typed)
        {
            return (text, errors);
        }

        if (await incidents.FindAsync(caller.TenantId, typed, cancellationToken) is { } reference)
        {
            return (text is null ? null : text with { IncidentRef = reference }, errors);
        }

        return (null, [.. errors, string.Format(System.Globalization.CultureInfo.InvariantCulture, UnknownIncident, typed)]);
    }

    public static string IdFor(Caller caller, string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{caller.TenantId}|{caller.UserId.ToLowerInvariant()}|{token}")))[..24];

    private static bool TakesComments(Idea idea) => idea.Status is not (IdeaStatus.Withdrawn or IdeaStatus.Archived);

    private static string? OwnerCheck(Idea idea, Caller caller) =>
        !string.Equals(idea.SubmitterId, caller.UserId, StringComparison.OrdinalIgnoreCase) ? NotSubmitter
        : !idea.IsEditable ? ReviewStarted
        : null;

    /// <summary>
    /// A read-modify-write with the idea's ETag; a 412 re-reads and re-checks, a bounded number of times. <paramref name="change"/>
    /// gets the idea as read and the time of this write (the new <see cref="Idea.UpdatedAt"/>), and returns null to change nothing.
    /// </summary>
    public async Task<IdeaResult> ChangeAsync(Caller caller, JsonElement? data, Func<Idea, Caller, string?> check, Func<Idea, DateTimeOffset, Idea?> change, string action, CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            if (await LoadAsync(caller, data, cancellationToken) is not { } stored)
            {
                return IdeaResult.Refused(NotFound);
            }

            if (check(stored.Idea, caller) is { } error)
            {
                Log.Refused(logger, action);
                return IdeaResult.Refused(error);
            }

            var now = time.GetUtcNow();
            if (change(stored.Idea, now) is not { } next)
            {
                return new IdeaResult(stored.Idea, stored.Tally, null, false);
            }

            next = next with { UpdatedAt = now };
            try
            {
                // Merged with the ETag read: the count and comments on the row stay as they are, and were current when read;
                // the status and its decision are one write, so neither is kept without the other.
                await store.ReplaceAsync(next, stored.ETag, cancellationToken);
                Log.Changed(logger, action, next.Id);
                return new IdeaResult(next, stored.Tally, null, true);
            }
            catch (TableETagMismatchException)
            {
                Log.Conflict(logger, action, attempt);
            }
        }

        return IdeaResult.Refused(Conflict);
    }

    public async Task<StoredIdea?> LoadAsync(Caller caller, JsonElement? data, CancellationToken cancellationToken) =>
        IdeaInput.Id(data, IdeaInput.IdeaId) is { } id ? await store.GetAsync(caller.TenantId, id, cancellationToken) : null;
}
