namespace CxBot.Features.People;

/// <summary>People directory log messages (event ids 7020-7099): counts, outcomes and reasons only, never ids, names or tokens.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7020, Level = LogLevel.Information, Message = "Roster refreshed: {Members} members, {Removed} removed")]
    public static partial void RosterRefreshed(ILogger logger, int members, int removed);

    [LoggerMessage(EventId = 7021, Level = LogLevel.Warning, Message = "Roster could not be read ({Failure}); keeping the last one")]
    public static partial void RosterReadFailed(ILogger logger, string failure);

    [LoggerMessage(EventId = 7022, Level = LogLevel.Information, Message = "Team forgotten: the connector answered {Outcome} for its roster")]
    public static partial void TeamForgotten(ILogger logger, string outcome);

    [LoggerMessage(EventId = 7023, Level = LogLevel.Warning, Message = "Roster change not stored (storage answered {Status})")]
    public static partial void RosterWriteFailed(ILogger logger, int status);

    [LoggerMessage(EventId = 7024, Level = LogLevel.Warning, Message = "{Count} roster members had no Entra object id and were left out (they cannot be named, routed to or reached)")]
    public static partial void RosterMembersWithoutObjectId(ILogger logger, int count);

    [LoggerMessage(EventId = 7025, Level = LogLevel.Warning, Message = "A person's name was not stored (storage answered {Status}); it is stored with their next activity")]
    public static partial void PersonNotRecorded(ILogger logger, int status);

    [LoggerMessage(EventId = 7030, Level = LogLevel.Warning, Message = "Graph unavailable ({Status}); last known profile used: {HadLastKnown}")]
    public static partial void ProfileFromLastKnown(ILogger logger, int status, bool hadLastKnown);

    [LoggerMessage(EventId = 7040, Level = LogLevel.Information, Message = "App installed for a person (Graph answered {Outcome})")]
    public static partial void AppInstalled(ILogger logger, string outcome);

    [LoggerMessage(EventId = 7041, Level = LogLevel.Information, Message = "Person recorded unreachable: {Reason}")]
    public static partial void Unreachable(ILogger logger, string reason);

    [LoggerMessage(EventId = 7043, Level = LogLevel.Information, Message = "Personal conversation created from a team roster")]
    public static partial void ConversationCreatedFromRoster(ILogger logger);

    [LoggerMessage(EventId = 7042, Level = LogLevel.Warning, Message = "Personal conversation not created ({Failure}); try later")]
    public static partial void ConversationNotCreated(ILogger logger, string failure);
}
