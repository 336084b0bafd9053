namespace CxBot.Features.Setup;

/// <summary>Setup log messages (event ids 6000-6099); never user text.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Information, Message = "Setup change {Action} saved ({Rows} rows)")]
    public static partial void Changed(ILogger logger, string action, int rows);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Setup change {Action} refused")]
    public static partial void Refused(ILogger logger, string action);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Setup change {Action} invalid ({Errors} problems)")]
    public static partial void Invalid(ILogger logger, string action, int errors);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Setup change {Action} conflicted on attempt {Attempt}; retrying")]
    public static partial void Conflict(ILogger logger, string action, int attempt);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Information, Message = "Setup: a {ActivityType} activity without a tenant or user object id; nothing changed")]
    public static partial void NoCaller(ILogger logger, string activityType);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Information, Message = "Setup import for a tenant: {Rows} rows written")]
    public static partial void Imported(ILogger logger, int rows);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Information, Message = "Team members past setup's limit are read from the Teams roster only (joiners not copied into setup)")]
    public static partial void JoinersLeftToRoster(ILogger logger);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Warning, Message = "Setup: a tenant's first admin was claimed with the admin claim code")]
    public static partial void AdminClaimed(ILogger logger);

    [LoggerMessage(EventId = 6012, Level = LogLevel.Warning, Message = "Neither Admin:UserIds nor Admin:ClaimCode is set: no tenant can get a CxBot admin (see docs/deploy.md, \"The first admin\")")]
    public static partial void NoAdminPath(ILogger logger);
}
