namespace CxBot.Protocol.Sending;

/// <summary>Send engine log messages (event ids 2200-2249): ids, counts and statuses only, never message text.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2200, Level = LogLevel.Information, Message = "Send job {JobId} created with {Total} recipients")]
    public static partial void JobCreated(ILogger logger, string jobId, int total);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Send lease for a tenant taken by {Instance}")]
    public static partial void LeaseTaken(ILogger logger, string instance);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Warning, Message = "Send lease lost by {Instance}; sending stops here")]
    public static partial void LeaseLost(ILogger logger, string instance);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Information, Message = "Send lease released by {Instance}")]
    public static partial void LeaseReleased(ILogger logger, string instance);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Information, Message = "Send job {JobId} read in full: {Pending} pending, {Uncertain} with an unknown outcome from another instance")]
    public static partial void JobTakenUp(ILogger logger, string jobId, int pending, int uncertain);

    [LoggerMessage(EventId = 2205, Level = LogLevel.Information, Message = "Send job {JobId} done: {Sent} sent, {Unreachable} unreachable, {Failed} failed, {Uncertain} uncertain")]
    public static partial void JobDone(ILogger logger, string jobId, int sent, int unreachable, int failed, int uncertain);

    [LoggerMessage(EventId = 2206, Level = LogLevel.Warning, Message = "Connector answered 429; tenant paused for {WaitMs} ms, pace now {Pace:P0} of the limit")]
    public static partial void TenantPaused(ILogger logger, double waitMs, double pace);

    [LoggerMessage(EventId = 2207, Level = LogLevel.Warning, Message = "Send attempt {Attempt} failed with {Status}")]
    public static partial void AttemptFailed(ILogger logger, int attempt, int status);

    [LoggerMessage(EventId = 2208, Level = LogLevel.Warning, Message = "Send outcome unknown ({Error}); the recipient is marked uncertain")]
    public static partial void OutcomeUnknown(ILogger logger, string error);

    [LoggerMessage(EventId = 2209, Level = LogLevel.Warning, Message = "Send storage failed: {Status} {ErrorCode}")]
    public static partial void StorageFailed(ILogger logger, int status, string? errorCode);

    [LoggerMessage(EventId = 2210, Level = LogLevel.Warning, Message = "Progress card not sent: {Error}")]
    public static partial void ProgressFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 2211, Level = LogLevel.Error, Message = "Send run for a tenant failed")]
    public static partial void RunFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2212, Level = LogLevel.Warning, Message = "Send poll did not finish ({Error}); the next poll tries again")]
    public static partial void PollFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 2213, Level = LogLevel.Information, Message = "Message of kind {Kind} queued for sending")]
    public static partial void Queued(ILogger logger, string kind);

    [LoggerMessage(EventId = 2214, Level = LogLevel.Warning, Message = "Message of kind {Kind} could not be queued ({Status} {ErrorCode}); sent at once instead")]
    public static partial void QueueFailed(ILogger logger, string kind, int status, string? errorCode);

    [LoggerMessage(EventId = 2215, Level = LogLevel.Error, Message = "Send job {JobId} ({Label}): {Failed} message(s) failed for good; counted for the tenant's admins")]
    public static partial void MessagesFailed(ILogger logger, string jobId, string label, int failed);

    [LoggerMessage(EventId = 2216, Level = LogLevel.Warning, Message = "Sending budget not shared this beat ({Error}); the last share holds until it expires")]
    public static partial void BudgetBeatFailed(ILogger logger, string error);
}
