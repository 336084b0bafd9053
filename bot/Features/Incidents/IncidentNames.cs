namespace CxBot.Features.Incidents;

/// <summary>The incidents feature's typed commands, card verbs, templates and tables (see <c>cards/incidents/</c>).</summary>
internal static class IncidentNames
{
    public const string LogCommand = "log incident";
    public const string IncidentCommand = "incident";
    public const string MyCommand = "my incidents";
    public const string TeamCommand = "team incidents";
    public const string PostHereCommand = "post incidents here";
    public const string StopPostingCommand = "stop posting incidents";

    public const string Open = "incidents.log.open";
    public const string Submit = "incidents.log.submit";
    public const string Refresh = "incidents.refresh";
    public const string OpenIncident = "incidents.open";
    public const string List = "incidents.list";
    public const string Acknowledge = "incidents.acknowledge";
    public const string Assign = "incidents.assign";
    public const string Note = "incidents.note";
    public const string Recovered = "incidents.recovered";
    public const string Resolve = "incidents.resolve";
    public const string Decline = "incidents.decline";
    public const string Export = "incidents.export";

    /// <summary>The file consent kind of the CSV export (see <c>Protocol/FileConsent</c>).</summary>
    public const string ExportKind = "incidents.csv";

    public const string LogTemplate = "incidents/log";
    public const string IncidentTemplate = "incidents/incident";
    public const string ListTemplate = "incidents/list";

    public const string IncidentsTable = "Incidents";
    public const string IndexTable = "IncidentIndex";
}
