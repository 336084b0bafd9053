using CxBot.Features.Setup;

namespace CxBot.Features.CustomerVoice;

/// <summary>What the survey of a team's touchpoint asks, read from the setup: the touchpoint's soft standards that apply to the team today.</summary>
internal static class SurveyQuestions
{
    /// <summary>The team, touchpoint and questions of a link; null when the team or touchpoint is no longer in the setup.</summary>
    public static (TeamSetup Team, Touchpoint Touchpoint, IReadOnlyList<SurveyQuestion> Questions)? For(TenantSetup setup, string teamId, string touchpointId, DateTimeOffset now)
    {
        if (setup.FindTeam(teamId) is not { } team || setup.Journey.FirstOrDefault(t => t.Id == touchpointId) is not { } touchpoint)
        {
            return null;
        }

        var today = LocalDate(team.TimeZone, now);
        var questions = setup.Standards
            .Where(s => s.Kind == StandardKind.Soft && s.TouchpointId == touchpointId && s.IsActiveOn(today)
                && (team.Standards.Count == 0 || team.Standards.Contains(s.Id)))
            .Select(s => new SurveyQuestion(s.Id, Wording(s)))
            .ToList();
        return (team, touchpoint, questions);
    }

    /// <summary>The customer's question of a soft standard, or for one set up without it, a question about its name.</summary>
    public static string Wording(Standard standard) =>
        standard.Question is { Length: > 0 } question ? question.Trim() : $"How did we do on \u201c{standard.Name.Trim()}\u201d?";

    /// <summary>The Monday of the week <paramref name="at"/> falls in, in the team's time zone (UTC when it is unknown).</summary>
    public static DateOnly Monday(string? timeZone, DateTimeOffset at) => CxBot.Cards.IsoWeeks.MondayOf(LocalDate(timeZone, at));

    private static DateOnly LocalDate(string? timeZone, DateTimeOffset at)
    {
        var zone = timeZone is { Length: > 0 } && TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var z) ? z : TimeZoneInfo.Utc;
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime);
    }
}
