using Azure;

namespace CxBot.Storage;

/// <summary>The Table service refused a request; <see cref="RequestFailedException.Status"/> and <see cref="RequestFailedException.ErrorCode"/> say why.</summary>
/// <remarks>Derives from Azure.Core's <see cref="RequestFailedException"/>, the type Azure.Data.Tables throws; <see cref="TableFaults"/> turns the SDK's faults into these.</remarks>
public class TableStorageException : RequestFailedException
{
    /// <summary>Creates the exception for a status and the service's error code.</summary>
    public TableStorageException(int status, string? errorCode, string message, Exception? innerException = null)
        : base(status, message, errorCode, innerException)
    {
    }

    /// <summary>True when the entity (or table) already existed (409).</summary>
    public bool IsAlreadyExists => Status == 409;

    /// <summary>True when the entity (or table) was not found (404).</summary>
    public bool IsNotFound => Status == 404;
}

/// <summary>The entity changed since it was read (412 on a conditional write): read again and redo, or tell the user.</summary>
public sealed class TableETagMismatchException : TableStorageException
{
    /// <summary>Creates the exception.</summary>
    public TableETagMismatchException(string? errorCode, string message, Exception? innerException = null)
        : base(412, errorCode, message, innerException)
    {
    }
}

/// <summary>An entity group transaction failed as a whole; nothing in it was written.</summary>
public sealed class TableTransactionFailedException : TableStorageException
{
    /// <summary>Creates the exception for the failing action.</summary>
    public TableTransactionFailedException(int status, string? errorCode, string message, int? failedActionIndex)
        : base(status, errorCode, message)
    {
        FailedActionIndex = failedActionIndex;
    }

    /// <summary>The zero-based index of the action the service rejected, when it said.</summary>
    public int? FailedActionIndex { get; }
}
