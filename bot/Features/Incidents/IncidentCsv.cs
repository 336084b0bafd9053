using System.Globalization;
using CxBot.Features.Setup;
using CxBot.Protocol.FileConsent;

namespace CxBot.Features.Incidents;

/// <summary>Incidents as CSV, every field, written (and formulas defused) by <see cref="CsvText"/>. Times are UTC.</summary>
internal static class IncidentCsv
{
    private const string Time = "yyyy-MM-dd HH:mm";

    private static readonly string[] Header =
    [
        "Reference", "Team", "Status", "Severity", "Root cause", "Occurred (UTC)", "Logged (UTC)", "Reporter", "What happened",
        "Touchpoint", "Standard", "Customer recovered", "Recovery", "Cost", "Currency", "Owner", "Acknowledge by (UTC)", "Resolve by (UTC)", "Outcome",
    ];

    public static byte[] Write(IEnumerable<Incident> incidents, TenantSetup setup) => CsvText.Write(Header, incidents.Select(i => Row(i, setup)));

    private static string[] Row(Incident i, TenantSetup setup) =>
    [
        i.Reference,
        setup.FindTeam(i.TeamId)?.Name ?? i.TeamName,
        IncidentLabels.Name(i.Status),
        IncidentLabels.Name(i.Severity),
        IncidentLabels.Title(i.RootCause),
        At(i.OccurredAt),
        At(i.LoggedAt),
        i.ReporterName ?? i.ReporterId,
        i.What,
        i.TouchpointId is { } tp ? setup.Journey.FirstOrDefault(t => t.Id == tp)?.Name ?? tp : "",
        i.StandardId is { } st ? setup.FindStandard(st)?.Name ?? st : "",
        i.Recovered ? "Yes" : "No",
        i.Gesture ?? "",
        i.Cost?.ToString(CultureInfo.InvariantCulture) ?? "",
        i.Cost is null ? "" : i.Currency,
        i.OwnerId ?? "",
        At(i.AcknowledgeBy),
        At(i.ResolveBy),
        i.Outcome ?? "",
    ];

    private static string At(DateTimeOffset at) => at.UtcDateTime.ToString(Time, CultureInfo.InvariantCulture);
}
