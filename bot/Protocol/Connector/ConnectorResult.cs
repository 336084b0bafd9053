namespace CxBot.Protocol.Connector;

/// <summary>How a connector call ended when it did not throw.</summary>
public enum ConnectorOutcome
{
    /// <summary>Done.</summary>
    Ok,

    /// <summary>403: the user blocked or removed the bot (or the bot may not write here). Do not retry.</summary>
    Blocked,

    /// <summary>404: the conversation or activity does not exist.</summary>
    NotFound,
}

/// <summary>The result of a connector call: its outcome, its value when <see cref="ConnectorOutcome.Ok"/>, and the error code otherwise.</summary>
public sealed record ConnectorResult<T>(ConnectorOutcome Outcome, T? Value, string? ErrorCode = null)
{
    /// <summary>True when the call succeeded.</summary>
    public bool IsOk => Outcome == ConnectorOutcome.Ok;
}

/// <summary>A connector call failed after its retries (or with a status that is not retried).</summary>
public sealed class ConnectorException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ConnectorException(int status, string? errorCode)
        : base($"The Bot Connector answered {status}{(errorCode is null ? "" : " " + errorCode)}.")
    {
        Status = status;
        ErrorCode = errorCode;
    }

    /// <summary>Creates the exception.</summary>
    public ConnectorException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public ConnectorException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ConnectorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status.</summary>
    public int Status { get; }

    /// <summary>The connector's error code, if it sent one.</summary>
    public string? ErrorCode { get; }

    /// <summary>The wait the connector asked for in <c>Retry-After</c>, if any.</summary>
    public TimeSpan? RetryAfter { get; init; }
}
