using System.Globalization;
using System.Text;
using CxBot.Features.Setup;

namespace CxBot.Features.Ideas;

/// <summary>Ideas as CSV (RFC 4180, UTF-8 with a BOM for Excel). Text that a spreadsheet would run as a formula is prefixed with <c>'</c>.</summary>
internal static class IdeaCsv
{
    private static readonly string[] Header = ["Id", "Team", "Status", "Votes", "Submitted (UTC)", "Submitter", "Problem", "Proposal", "Benefit", "Touchpoint", "Standard", "Incident", "Reason"];

    public static byte[] Write(IEnumerable<IdeaResult> ideas, TenantSetup setup)
    {
        var csv = new StringBuilder();
        Line(csv, Header);
        foreach (var r in ideas)
        {
            var i = r.Idea!;
            Line(csv, [
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
            ]);
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv.ToString())];
    }

    private static void Line(StringBuilder csv, IEnumerable<string> fields)
    {
        csv.AppendJoin(',', fields.Select(Field));
        csv.Append("\r\n");
    }

    private static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
