using System.Globalization;
using CxBot.Storage;

namespace CxBot.Features.Incidents;

/// <summary>
/// Where incident rows live. <c>Incidents</c>: PartitionKey = tenant|team|ISO week it was logged, Monday to Sunday in
/// the team's time zone (the scorecard's week; incidents logged before 2026-12-07 are under the week they happened),
/// RowKey = the reference for the incident, reference|h|revision for its history, and <c>~counters|0..7</c> for the week's totals (summed by readers),
/// so an incident, its history entry and the counters change in one transaction. <c>IncidentIndex</c>: one partition per
/// tenant with small rows pointing at the incident's partition: by reference, by reporter, open ones, submissions, the
/// reference counter and the channel a team wants its high and critical incidents posted to, plus one list row per reporter
/// (<c>mine|reporter</c>) holding their newest pointers, so <c>my incidents</c> is a point read rather than a range query.
/// </summary>
internal static partial class IncidentKeys
{
    public const string Counters = "~counters";
    public const int CounterShards = 8;

    /// <summary>The counters row an incident's changes go to: one of <see cref="CounterShards"/>, so busy weeks do not queue on one row.</summary>
    public static string CounterShard(string reference)
    {
        var hash = 0;
        foreach (var c in reference)
        {
            hash = unchecked((hash * 31) + c);
        }

        return $"{Counters}|{(hash & int.MaxValue) % CounterShards}";
    }

    public static string Tenant(string tenantId) => TableKeys.ToSafeKey(tenantId);

    /// <summary>The partition of the team's week (Monday to Sunday in <paramref name="zone"/>) that <paramref name="at"/> falls in.</summary>
    public static string Week(string tenantId, string teamId, DateTimeOffset at, TimeZoneInfo zone) =>
        WeekOf(tenantId, teamId, DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, zone).DateTime));

    /// <summary>The partition of the team's week holding the local day <paramref name="localDay"/>.</summary>
    public static string WeekOf(string tenantId, string teamId, DateOnly localDay)
    {
        var day = localDay.ToDateTime(TimeOnly.MinValue);
        return $"{Tenant(tenantId)}|{TableKeys.ToSafeKey(teamId)}|{ISOWeek.GetYear(day):D4}-W{ISOWeek.GetWeekOfYear(day):D2}";
    }

    public static string History(string reference, int revision) => $"{reference}|h|{revision.ToString("D4", CultureInfo.InvariantCulture)}";

    public static string ByReference(string reference) => "ref|" + reference;

    public static string ByReporter(string reporterId, string reference) => $"reporter|{TableKeys.ToSafeKey(reporterId)}|{reference}";

    public static string ReporterPrefix(string reporterId) => $"reporter|{TableKeys.ToSafeKey(reporterId)}|";

    /// <summary>The reporter's list row: their newest pointers, kept in the claim's transaction.</summary>
    public static string ReporterList(string reporterId) => "mine|" + TableKeys.ToSafeKey(reporterId);

    public const string OpenPrefix = "open|";

    /// <summary>A delivery still owed: written with the claim, removed once the incident's card reached its people.</summary>
    public const string DeliverPrefix = "deliver|";

    public static string Deliver(string reference) => DeliverPrefix + reference;

    /// <summary>
    /// The one small partition naming the tenants that may owe deliveries (RowKey the tenant's key), so the sweep reads it and
    /// then only those tenants' partitions, never the whole index.
    /// </summary>
    public const string OwedTenants = "~owed";

    /// <summary>An incident whose card reached nobody who could triage it: shown to admins until someone triages it.</summary>
    public const string UndeliveredPrefix = "undelivered|";

    public static string Undelivered(string reference) => UndeliveredPrefix + reference;

    public static string Channel(string teamId) => "channel|" + TableKeys.ToSafeKey(teamId);

    public static string Open(string reference) => OpenPrefix + reference;

    public static string Submission(string reporterId, string token) => $"submit|{TableKeys.ToSafeKey(reporterId)}|{TableKeys.ToSafeKey(token)}";

    public static string Sequence(int year) => "seq|" + year.ToString("D4", CultureInfo.InvariantCulture);

    /// <summary>What every reference (and so every incident and history row key) starts with.</summary>
    public const string ReferencePrefix = "INC-";

    public static string Reference(int year, long number) => string.Create(CultureInfo.InvariantCulture, $"{ReferencePrefix}{year:D4}-{number:D6}");

    /// <summary>True when <paramref name="text"/> has a reference's shape (<c>INC-2026-000123</c>); anything else from a card names no incident.</summary>
    public static bool IsReference(string? text) => text is { Length: <= 40 } && ReferencePattern().IsMatch(text);

    /// <summary>True when <paramref name="text"/> has a card token's shape (a GUID, or letters, digits and dashes up to 64): it goes into a row key.</summary>
    public static bool IsToken(string? text) => text is { Length: > 0 and <= 64 } && TokenPattern().IsMatch(text);

    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9-]*$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex TokenPattern();

    [System.Text.RegularExpressions.GeneratedRegex(@"^INC-\d{4}-\d{6,12}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex ReferencePattern();

    /// <summary>The smallest key after every key starting with <paramref name="prefix"/>.</summary>
    public static string End(string prefix) => prefix + "~";
}
