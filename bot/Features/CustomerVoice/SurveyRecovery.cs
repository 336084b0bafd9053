using System.Globalization;
using System.Text.Json.Nodes;
using CxBot.Cards;
using CxBot.Features.Setup;
using CxBot.Protocol;
using CxBot.Protocol.References;
using CxBot.Protocol.Sending;
using Microsoft.Extensions.Options;

namespace CxBot.Features.CustomerVoice;

/// <summary>
/// The recovery loop: an answer with a score of 1 or 2, a comment and the customer's consent to be contacted goes to the team's
/// managers (the organisation's admins when the team has none) as a card, queued on the durable send engine as one job per
/// answer (its id derived from the answer's, so a replayed form queues nothing more) and sent by whichever instance holds the
/// tenant's send lease: the customer's POST only writes the job.
/// </summary>
internal sealed class SurveyRecovery(ISendJobs jobs, SetupRoles roles, CardTemplates cards, IOptions<CustomerVoiceOptions> options)
{
    public const string Label = "Customer recovery";

    /// <summary>Whether the answer asks for a call back: a score of 1 or 2, a comment and consent.</summary>
    public static bool Wanted(IReadOnlyDictionary<string, int> scores, string? comment, string? contact) =>
        contact is not null && !string.IsNullOrWhiteSpace(comment) && scores.Values.Any(s => s <= 2);

    /// <summary>Who gets the card: the team's managers; when it has none, the organisation's admins.</summary>
    public IReadOnlyList<string> Recipients(TenantSetup setup, TeamSetup team)
    {
        List<string> managers = [.. team.Managers.Distinct(StringComparer.OrdinalIgnoreCase)];
        return managers.Count > 0 ? managers : [.. roles.AdminsOf(setup).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Queues the card of <paramref name="answer"/> to <see cref="Recipients"/>; false when there is nobody to send it to.</summary>
    /// <exception cref="CxBot.Storage.TableStorageException">Storage failed; nothing was queued.</exception>
    public async Task<bool> QueueAsync(TenantSetup setup, TeamSetup team, SurveyAnswer answer, CancellationToken cancellationToken)
    {
        var to = Recipients(setup, team);
        if (to.Count == 0)
        {
            return false;
        }

        var stored = new StoredAnswer(answer.Id, team.Id, answer.Monday, answer.TouchpointId, answer.AnsweredAt, answer.Scores, answer.Comment, true, answer.Contact, null, null, null);
        var card = Card(setup, team, stored, to, null);
        var activity = new Activity { Type = ActivityTypes.Message, Summary = Summary(setup, stored) }.WithCard(card);
        await jobs.CreateAsync(new SendJobRequest(answer.TenantId, JobId(answer.Id), Label, activity, [.. to.Select(p => ProactiveTarget.User(answer.TenantId, p))]), cancellationToken);
        return true;
    }

    /// <summary>The job of an answer's card: letters, digits, '-' and '_' (the answer id is base64url).</summary>
    public static string JobId(string answerId) => "survey-recovery-" + answerId;

    /// <summary>The card as it stands: who followed it up and when, and the contact or that it was deleted.</summary>
    public JsonObject Card(TenantSetup setup, TeamSetup team, StoredAnswer answer, IReadOnlyList<string> refreshUsers, string? notice) =>
        cards.Bind(CustomerVoiceNames.RecoveryTemplate, Data(setup, team, answer, refreshUsers, notice));

    public RecoveryCardData Data(TenantSetup setup, TeamSetup team, StoredAnswer answer, IReadOnlyList<string> refreshUsers, string? notice)
    {
        var zone = team.TimeZone is { Length: > 0 } && TimeZoneInfo.TryFindSystemTimeZoneById(team.TimeZone, out var z) ? z : TimeZoneInfo.Utc;
        var retention = options.Value.ContactRetention;
        var days = ((int)retention.TotalDays).ToString(CultureInfo.InvariantCulture);
        var contact = answer.Contact is { } c ? CardText.Clip(c, 200)! : $"deleted after {days} days, as the survey promised";
        var privacy = answer.Contact is null
            ? "The customer's contact details are no longer kept."
            : $"Only the team's managers see the customer's contact details; they are deleted on {When(answer.AnsweredAt + retention, zone, withYear: true)} (after {days} days).";
        var followed = answer.FollowedUpAt is { } at ? $"Followed up by {CardText.Clip(answer.FollowedUpName ?? "a manager", 80)}, {When(at, zone)}" : null;
        return new RecoveryCardData(
            answer.Id,
            team.Id,
            answer.Monday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            refreshUsers,
            team.Name,
            Headline(setup, answer) + ":",
            "\u201c" + CardText.Clip(answer.Comment ?? "", 1000) + "\u201d",
            When(answer.AnsweredAt, zone),
            contact,
            privacy,
            notice,
            followed);
    }

    /// <summary>"A customer at Checkout scored “Customer felt listened to” 1/5" (every score of 1 or 2, lowest first).</summary>
    public static string Headline(TenantSetup setup, StoredAnswer answer)
    {
        var where = setup.Journey.FirstOrDefault(t => t.Id == answer.TouchpointId)?.Name ?? "one of your touchpoints";
        var low = answer.Scores.Where(s => s.Value <= 2).OrderBy(s => s.Value)
            .Select(s => $"\u201c{setup.FindStandard(s.Key)?.Name ?? "a standard no longer set up"}\u201d {s.Value.ToString(CultureInfo.InvariantCulture)}/5")
            .ToList();
        var scored = low.Count <= 1 ? string.Concat(low) : string.Join(", ", low.Take(low.Count - 1)) + " and " + low[^1];
        return $"A customer at {CardText.Clip(where, 60)} scored {scored}";
    }

    /// <summary>The notification line phones and the chat list show.</summary>
    public static string Summary(TenantSetup setup, StoredAnswer answer) => Headline(setup, answer) + ". They agreed to be contacted.";

    private static string When(DateTimeOffset at, TimeZoneInfo zone, bool withYear = false) =>
        TimeZoneInfo.ConvertTime(at, zone).ToString(withYear ? "ddd d MMM yyyy" : "ddd d MMM HH:mm", CultureInfo.InvariantCulture);
}

/// <summary>The recovery card's data (<c>cards/customervoice/recovery.json</c>).</summary>
internal sealed record RecoveryCardData(
    string AnswerId,
    string TeamId,
    string Week,
    IReadOnlyList<string> RefreshUserIds,
    string TeamName,
    string Headline,
    string Comment,
    string Answered,
    string Contact,
    string Privacy,
    string? Notice,
    string? FollowedUp);
