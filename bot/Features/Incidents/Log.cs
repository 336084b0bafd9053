namespace CxBot.Features.Incidents;

/// <summary>Incident log messages (event ids 8000-8099); never user text.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 8000, Level = LogLevel.Information, Message = "Incident logged ({Severity})")]
    public static partial void Logged(ILogger logger, string severity);

    [LoggerMessage(EventId = 8001, Level = LogLevel.Information, Message = "Incident submission refused: invalid fields")]
    public static partial void Invalid(ILogger logger);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Information, Message = "Incident submission already stored; answered with the first one")]
    public static partial void Duplicate(ILogger logger);

    [LoggerMessage(EventId = 8003, Level = LogLevel.Information, Message = "Incident {Action}: now {Status}")]
    public static partial void Triaged(ILogger logger, string action, string status);

    [LoggerMessage(EventId = 8004, Level = LogLevel.Information, Message = "Incident {Action} refused: caller may not triage")]
    public static partial void Refused(ILogger logger, string action);

    [LoggerMessage(EventId = 8005, Level = LogLevel.Information, Message = "Incident: a {ActivityType} activity without a tenant or user object id")]
    public static partial void NoCaller(ILogger logger, string activityType);

    [LoggerMessage(EventId = 8006, Level = LogLevel.Information, Message = "Incident card not delivered to a person: {Outcome}")]
    public static partial void NotDelivered(ILogger logger, string outcome);

    [LoggerMessage(EventId = 8007, Level = LogLevel.Warning, Message = "Incident card copy not updated: {Outcome}")]
    public static partial void CopyNotUpdated(ILogger logger, string outcome);

    [LoggerMessage(EventId = 8008, Level = LogLevel.Information, Message = "Incident chase: {Chased} chased of {Open} open")]
    public static partial void Chased(ILogger logger, int chased, int open);

    [LoggerMessage(EventId = 8009, Level = LogLevel.Debug, Message = "Incident chase skipped: another instance holds the lease")]
    public static partial void LeaseHeldElsewhere(ILogger logger);

    [LoggerMessage(EventId = 8010, Level = LogLevel.Error, Message = "Incident chase failed")]
    public static partial void ChaseFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 8020, Level = LogLevel.Information, Message = "Incident CSV export built: {Rows} incidents of {Teams} teams")]
    public static partial void Exported(ILogger logger, int rows, int teams);

    [LoggerMessage(EventId = 8021, Level = LogLevel.Information, Message = "Incident CSV export refused: caller manages no team")]
    public static partial void ExportRefused(ILogger logger);

    [LoggerMessage(EventId = 8022, Level = LogLevel.Warning, Message = "Incident submission contended on the week's counters; the reporter was asked to press Submit again")]
    public static partial void SubmitContended(ILogger logger);

    [LoggerMessage(EventId = 8030, Level = LogLevel.Warning, Message = "Incident delivery from storage failed; it is tried again after the grace")]
    public static partial void DeliveryFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 8031, Level = LogLevel.Information, Message = "Incident deliveries owed: {Delivered} delivered from storage of {Owed}")]
    public static partial void DeliveriesSwept(ILogger logger, int delivered, int owed);

    [LoggerMessage(EventId = 8032, Level = LogLevel.Warning, Message = "Incident reached nobody who could triage it ({Tried} tried); shown to admins on the setup card")]
    public static partial void ReachedNobody(ILogger logger, int tried);
}
