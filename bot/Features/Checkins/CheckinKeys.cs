using System.Globalization;
using CxBot.Storage;

namespace CxBot.Features.Checkins;

/// <summary>
/// Where check-in rows live. <c>Checkins</c>: PartitionKey = tenant|team|ISO week of the team's local date (<c>2026-W13</c>;
/// ISO weeks run Monday to Sunday, so one partition is one scorecard week). RowKeys: <c>~week</c> the summary,
/// <c>a|yyyy-MM-dd|user</c> one person-day (prompted, its delivery, and the answer once given), <c>day|yyyy-MM-dd</c> the team-day's
/// schedule record (prompt job sent, reminder due and done, deliveries recorded). <c>CheckinSettings</c>: PartitionKey = tenant; RowKeys
/// <c>team|team</c> and <c>person|user</c>; the scheduler's lease in partition <c>~lease</c>.
/// </summary>
internal static class CheckinKeys
{
    public const string Summary = "~week";
    public const string AnswerPrefix = "a|";
    public const string DayPrefix = "day|";
    public const string TeamPrefix = "team|";
    public const string PersonPrefix = "person|";

    public static string Tenant(string tenantId) => TableKeys.ToSafeKey(tenantId);

    public static string Week(string tenantId, string teamId, DateOnly localDate)
    {
        var day = localDate.ToDateTime(TimeOnly.MinValue);
        return string.Create(CultureInfo.InvariantCulture, $"{Tenant(tenantId)}|{TableKeys.ToSafeKey(teamId)}|{ISOWeek.GetYear(day):D4}-W{ISOWeek.GetWeekOfYear(day):D2}");
    }

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string AnswerDay(DateOnly date) => AnswerPrefix + Date(date) + "|";

    public static string Answer(DateOnly date, string userId) => AnswerDay(date) + TableKeys.ToSafeKey(userId);

    public static string Day(DateOnly date) => DayPrefix + Date(date);

    public static string Team(string teamId) => TeamPrefix + TableKeys.ToSafeKey(teamId);

    public static string Person(string userId) => PersonPrefix + TableKeys.ToSafeKey(userId);

    /// <summary>The smallest key after every key starting with <paramref name="prefix"/>.</summary>
    public static string End(string prefix) => prefix + "~";

    /// <summary>The send job of a team-day's prompt (or, with <paramref name="stage"/>, its reminder): letters, digits and '-' only.</summary>
    public static string JobId(string teamId, DateOnly date, string? stage = null)
    {
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(teamId)))[..16].ToLowerInvariant();
        return $"checkin-{hash}-{Date(date)}" + (stage is null ? "" : "-" + stage);
    }
}
