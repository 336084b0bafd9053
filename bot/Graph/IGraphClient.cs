namespace CxBot.Graph;

/// <summary>
/// The few Microsoft Graph calls CxBot makes (platform.md §8), app-only. 403, 404 and 409 come back as outcomes;
/// 429, 503 and 504 are retried (honouring <c>Retry-After</c>) before the call gives up.
/// </summary>
/// <remarks>Every method throws <see cref="GraphException"/> when Graph fails after retries, is unreachable or times out.</remarks>
internal interface IGraphClient
{
    /// <summary><c>GET /users/{id}?$select=…</c>.</summary>
    Task<GraphResult<GraphUser>> GetUserAsync(string userId, CancellationToken cancellationToken);

    /// <summary><c>GET /users/{id}/manager</c>; <see cref="GraphOutcome.NotFound"/> when the user has none.</summary>
    Task<GraphResult<GraphUser>> GetManagerAsync(string userId, CancellationToken cancellationToken);

    /// <summary><c>GET /appCatalogs/teamsApps?$filter=externalId eq '…'</c>, every page.</summary>
    Task<GraphResult<IReadOnlyList<GraphTeamsApp>>> FindCatalogAppsAsync(string externalId, CancellationToken cancellationToken);

    /// <summary><c>GET /users/{id}/teamwork/installedApps?$expand=teamsApp&amp;$filter=teamsApp/id eq '…'</c>, every page.</summary>
    Task<GraphResult<IReadOnlyList<GraphAppInstallation>>> GetUserInstallationsAsync(string userId, string catalogAppId, CancellationToken cancellationToken);

    /// <summary><c>POST /users/{id}/teamwork/installedApps</c>; <see cref="GraphOutcome.Conflict"/> when already installed, <see cref="GraphOutcome.Forbidden"/> when policy refuses.</summary>
    Task<GraphResult<bool>> InstallForUserAsync(string userId, string catalogAppId, CancellationToken cancellationToken);

    /// <summary><c>GET /users/{id}/teamwork/installedApps/{installationId}/chat</c>.</summary>
    Task<GraphResult<GraphChat>> GetInstallationChatAsync(string userId, string installationId, CancellationToken cancellationToken);
}

/// <summary>How a Graph call ended when it did not throw.</summary>
internal enum GraphOutcome
{
    /// <summary>2xx.</summary>
    Ok,

    /// <summary>404 (<c>Request_ResourceNotFound</c>…).</summary>
    NotFound,

    /// <summary>403: permission missing or refused by policy.</summary>
    Forbidden,

    /// <summary>409: it already exists.</summary>
    Conflict,
}

/// <summary>A Graph call's outcome, its value when <see cref="GraphOutcome.Ok"/>, and Graph's error code otherwise.</summary>
internal sealed record GraphResult<T>(GraphOutcome Outcome, T? Value, string? ErrorCode = null)
{
    /// <summary>True when the call succeeded.</summary>
    public bool IsOk => Outcome == GraphOutcome.Ok;
}

/// <summary>Graph failed after retries, timed out or could not be reached (status 0).</summary>
internal sealed class GraphException : Exception
{
    public GraphException(int status, string? errorCode, Exception? innerException = null)
        : base($"Microsoft Graph answered {(status == 0 ? "nothing" : status.ToString(System.Globalization.CultureInfo.InvariantCulture))}{(errorCode is null ? "" : " " + errorCode)}.", innerException)
    {
        Status = status;
        ErrorCode = errorCode;
    }

    public GraphException()
    {
    }

    public GraphException(string message)
        : base(message)
    {
    }

    public GraphException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status, 0 when there was no answer.</summary>
    public int Status { get; }

    /// <summary>Graph's <c>error.code</c>, if any.</summary>
    public string? ErrorCode { get; }
}
