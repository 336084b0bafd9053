namespace CxBot.Features.Incidents;

/// <summary>The words people see for severities, root causes and statuses, and the card values that stand for them.</summary>
internal static class IncidentLabels
{
    public static readonly IReadOnlyList<(Severity Value, string Key, string Title)> Severities =
    [
        (Severity.Low, "low", "Low: customer barely noticed"),
        (Severity.Medium, "medium", "Medium: customer inconvenienced"),
        (Severity.High, "high", "High: customer upset, may complain or leave"),
        (Severity.Critical, "critical", "Critical: safety, legal or lost customer"),
    ];

    public static readonly IReadOnlyList<(RootCause Value, string Key, string Title)> RootCauses =
    [
        (RootCause.ProcessMissing, "process", "Process or standard missing"),
        (RootCause.Training, "training", "Training"),
        (RootCause.Behaviour, "behaviour", "Attitude or behaviour"),
        (RootCause.Tools, "tools", "Tools or technology"),
        (RootCause.BrokenPromise, "promise", "A promise we could not keep"),
        (RootCause.ThirdParty, "third-party", "Third party"),
        (RootCause.Other, "other", "Other"),
    ];

    public static string Key(Severity s) => Severities.First(x => x.Value == s).Key;

    public static string Name(Severity s) => Key(s) switch { var k => char.ToUpperInvariant(k[0]) + k[1..] };

    public static string Title(RootCause c) => RootCauses.First(x => x.Value == c).Title;

    public static string Key(RootCause c) => RootCauses.First(x => x.Value == c).Key;

    public static string Name(IncidentStatus s) => s switch
    {
        IncidentStatus.New => "New",
        IncidentStatus.Acknowledged => "Acknowledged",
        IncidentStatus.InProgress => "In progress",
        IncidentStatus.Resolved => "Resolved",
        _ => "Declined",
    };
}
