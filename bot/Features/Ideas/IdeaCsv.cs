using System.Globalization;
using CxBot.Features.People;
using CxBot.Features.Setup;
using CxBot.Protocol.FileConsent;

namespace CxBot.Features.Ideas;

/// <summary>Ideas as CSV, written (and formulas defused) by <see cref="CsvText"/>.</summary>
internal static class IdeaCsv
{
    private static readonly string[] Header = ["Id", "Team", "Status", "Votes", "Submitted (UTC)", "Submitter", "Problem", "Proposal", "Benefit", "Touchpoint", "Standard", "Incident", "Reason", "Decided by"];

    /// <summary>The CSV; <paramref name="names"/> names submitters and deciders (never their ids).</summary>
    public static byte[] Write(IEnumerable<IdeaResult> ideas, TenantSetup setup, NameBook names) => CsvText.Write(Header, ideas.Select(r => Row(r, setup, names)));

    private static string[] Row(IdeaResult r, TenantSetup setup, NameBook names)
    {
        var i = r.Idea!;
        return [
            i.Id,
            setup.FindTeam(i.TeamId)?.Name ?? i.TeamId,
            IdeaViews.StatusLabel(i.Status),
            r.Tally.Votes.ToString(CultureInfo.InvariantCulture),
            i.SubmittedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            IdeaPeople.NameOf(names, i.SubmitterId, i.SubmitterName),
            i.Text.Problem,
            i.Text.Proposal,
            i.Text.Benefit ?? "",
            i.Text.TouchpointId is { } tp ? setup.Journey.FirstOrDefault(t => t.Id == tp)?.Name ?? tp : "",
            i.Text.StandardId is { } st ? setup.FindStandard(st)?.Name ?? st : "",
            i.Text.IncidentRef ?? "",
            i.Reason ?? "",
            i.DeciderId is { } decider ? names.Of(decider) : "",
        ];
    }
}
