using System.Globalization;
using CxBot.Features.Setup;
using CxBot.Protocol.FileConsent;

namespace CxBot.Features.Scorecards;

/// <summary>
/// The figures behind a week's scorecards as CSV: one row per team and figure, so any number of standards fits. Value is the
/// figure as it stands now; Posted, the figure the week's posted card showed (empty when no card was posted). The organisation's
/// own rows hold what is counted once across teams (shout-outs to people in several teams).
/// </summary>
internal static class ScorecardCsv
{
    private static readonly string[] Header = ["Week", "Team", "Section", "Figure", "Value", "Count", "Target", "Posted"];

    public static byte[] Write(TenantSetup setup, DateOnly monday, WeekExport export)
    {
        var posted = export.Posted.SelectMany(w => Rows(setup, monday, w)).GroupBy(r => Key(r)).ToDictionary(g => g.Key, g => g.First()[4], StringComparer.Ordinal);
        return CsvText.Write(Header, Ordered(setup, export.Current).SelectMany(w => Rows(setup, monday, w)).Select(r => (string[])[.. r, posted.GetValueOrDefault(Key(r)) ?? ""]));
    }

    private static string Key(string[] row) => string.Join('\u001f', row[1], row[2], row[3]);

    /// <summary>The teams by name, then the organisation's own rows.</summary>
    private static IEnumerable<TeamWeek> Ordered(TenantSetup setup, IEnumerable<TeamWeek> weeks) =>
        weeks.OrderBy(w => w.TeamId == ScorecardScope.Organisation ? 1 : 0).ThenBy(w => setup.FindTeam(w.TeamId)?.Name ?? w.TeamId, StringComparer.Ordinal);

    private static IEnumerable<string[]> Rows(TenantSetup setup, DateOnly monday, TeamWeek w)
    {
        var label = ScorecardWeek.Label(monday);
        string[] Row(string section, string figure, string value, string count = "", string target = "") => [label, NameOf(setup, w.TeamId), section, figure, value, count, target];
        string N(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
        if (w.TeamId == ScorecardScope.Organisation)
        {
            yield return Row("Recognition", "Shout-outs given (each once)", w.Recognition.Given.ToString(CultureInfo.InvariantCulture));
            yield return Row("Recognition", "People recognised", w.Recognition.People.Count.ToString(CultureInfo.InvariantCulture));
            yield break;
        }

        foreach (var s in setup.Standards)
        {
            if (w.Values.TryGetValue(s.Id, out var v) && v.Count > 0)
            {
                yield return Row("Standard", s.Name + UnitOf(s), N(v.Sum / v.Count), v.Count.ToString(CultureInfo.InvariantCulture), s.TargetOn(monday.AddDays(6)) is { } t ? N(t) : "");
            }

            if (s.Kind == StandardKind.Soft && ScorecardBuilder.CustomerFigure(w, s.Id) is { } customers)
            {
                yield return Row("Standard", s.Name + " (customers' score out of 5)", N(customers), w.Customers[s.Id].Count.ToString(CultureInfo.InvariantCulture));
                if (ScorecardBuilder.CustomerGap(w, s.Id) is { } gap)
                {
                    yield return Row("Standard", s.Name + " (gap in points out of 5: customers minus staff)", N(gap));
                }
            }
        }

        var i = w.Incidents;
        var targets = i.AllTargets;
        yield return Row("Incidents", "Logged", i.Logged.ToString(CultureInfo.InvariantCulture));
        yield return Row("Incidents", "Logged, happened in earlier weeks", i.OccurredEarlier.ToString(CultureInfo.InvariantCulture));
        yield return Row("Incidents", "Acknowledged in time", targets.AcknowledgedInTime.ToString(CultureInfo.InvariantCulture), targets.AcknowledgeDue.ToString(CultureInfo.InvariantCulture));
        yield return Row("Incidents", "Resolved in time", targets.ResolvedInTime.ToString(CultureInfo.InvariantCulture), targets.ResolveDue.ToString(CultureInfo.InvariantCulture));
        yield return Row("Incidents", "Overdue", targets.Overdue.ToString(CultureInfo.InvariantCulture));
        yield return Row("Incidents", "Resolved", i.Resolved.ToString(CultureInfo.InvariantCulture));
        yield return Row("Incidents", "Declined", i.Declined.ToString(CultureInfo.InvariantCulture));
        yield return Row("Incidents", "Still open", i.Open.ToString(CultureInfo.InvariantCulture));
        yield return Row("Incidents", "Recovered", i.Recovered.ToString(CultureInfo.InvariantCulture));
        var currency = setup.Organisation?.Currency;
        yield return Row("Incidents", string.IsNullOrEmpty(currency) ? "Cost of failure" : $"Cost of failure ({currency})", i.Cost.ToString("0.00", CultureInfo.InvariantCulture));
        yield return Row("Incidents", "Without a cost", i.CostUnknown.ToString(CultureInfo.InvariantCulture));
        yield return Row("Incidents", "Median seconds to acknowledge", Counts.Median(i.AcknowledgeSeconds) is { } a ? N(a) : "", i.AcknowledgeSeconds.Count.ToString(CultureInfo.InvariantCulture));
        yield return Row("Incidents", "Median seconds to resolve", Counts.Median(i.ResolveSeconds) is { } r ? N(r) : "", i.ResolveSeconds.Count.ToString(CultureInfo.InvariantCulture));
        foreach (var (section, counts, name) in new (string, IReadOnlyDictionary<string, int>, Func<string, string>)[]
        {
            ("Incidents by severity", i.BySeverity, k => k),
            ("Incidents by touchpoint", i.ByTouchpoint, k => setup.Journey.FirstOrDefault(t => t.Id == k)?.Name ?? k),
            ("Incidents by standard", i.ByStandard, k => setup.FindStandard(k)?.Name ?? k),
            ("Incidents by root cause", i.ByCause, k => k),
            ("Recognitions by standard", w.Recognition.ByStandard, k => setup.FindStandard(k)?.Name ?? k),
        })
        {
            foreach (var (k, v) in counts)
            {
                yield return Row(section, name(k), v.ToString(CultureInfo.InvariantCulture));
            }
        }

        yield return Row("Ideas", "Submitted", w.Ideas.Submitted.ToString(CultureInfo.InvariantCulture));
        yield return Row("Ideas", "Accepted", w.Ideas.Accepted.ToString(CultureInfo.InvariantCulture));
        yield return Row("Ideas", "Implemented", w.Ideas.Implemented.ToString(CultureInfo.InvariantCulture));
        if (w.Ideas.MostVoted is { } most)
        {
            yield return Row("Ideas", "Most voted: " + most.Title, most.Votes.ToString(CultureInfo.InvariantCulture));
        }

        yield return Row("Recognition", "Shout-outs given", w.Recognition.Given.ToString(CultureInfo.InvariantCulture));
        yield return Row("Recognition", "People recognised", w.Recognition.People.Count.ToString(CultureInfo.InvariantCulture));
        yield return Row("Check-ins", "Prompted", w.Prompted.ToString(CultureInfo.InvariantCulture));
        yield return Row("Check-ins", "Delivered", w.Arrived.ToString(CultureInfo.InvariantCulture));
        yield return Row("Check-ins", "Answered", w.Answered.ToString(CultureInfo.InvariantCulture));
        yield return Row("Check-ins", "Participation (%)", w.Arrived == 0 ? "" : N(100.0 * w.Answered / w.Arrived));
        yield return Row("Check-ins", "Not reachable (people)", (w.NotReached?.Count ?? 0).ToString(CultureInfo.InvariantCulture));
    }

    private static string NameOf(TenantSetup setup, string teamId) =>
        teamId == ScorecardScope.Organisation ? ScorecardService.Organisation(setup).Name : setup.FindTeam(teamId)?.Name ?? teamId;

    /// <summary>The unit in the figure's name, so the value column holds plain numbers: " (%)", " (score out of 5)", none.</summary>
    private static string UnitOf(Standard s) =>
        s.Kind == StandardKind.Soft ? " (score out of 5)" : string.IsNullOrEmpty(s.Unit) ? "" : $" ({s.Unit})";
}
