using System.Globalization;
using CxBot.Features.Setup;
using CxBot.Protocol.FileConsent;

namespace CxBot.Features.Ideas;

/// <summary>Ideas as CSV, written (and formulas defused) by <see cref="CsvText"/>.</summary>
internal static class IdeaCsv
{
    private static readonly string[] Header = ["Id", "Team", "Status", "Votes", "Submitted (UTC)", "Submitter", "Problem", "Proposal", "Benefit", "Touchpoint", "Standard", "Incident", "Reason"];

    public static byte[] Write(IEnumerable<IdeaResult> ideas, TenantSetup setup) => CsvText.Write(Header, ideas.Select(r => Row(r, setup)));

    private static string[] Row(IdeaResult r, TenantSetup setup)
    {
        var i = r.Idea!;
        return [
            i.Id,
            setup.FindTeam(i.TeamId)?.Name ?? i.TeamId,
            IdeaViews.StatusLabel(i.Status),
            r.Tally.Votes.ToString(CultureInfo.InvariantCulture),
            i.SubmittedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            i.SubmitterName ?? i.SubmitterId,
            i.Text.Problem,
            i.Text.Proposal,
            i.Text.Benefit ?? "",
            i.Text.TouchpointId is { } tp ? setup.Journey.FirstOrDefault(t => t.Id == tp)?.Name ?? tp : "",
            i.Text.StandardId is { } st ? setup.FindStandard(st)?.Name ?? st : "",
            i.Text.IncidentRef ?? "",
            i.Reason ?? "",
        ];
    }
}
