using System.Text.Json;
using System.Text.Json.Serialization;

namespace CxBot.Protocol;

/// <summary>The id of a sent activity.</summary>
public sealed record ResourceResponse
{
    /// <summary>The activity id.</summary>
    public string? Id { get; init; }
}

/// <summary>The body of <c>POST /v3/conversations</c>.</summary>
public sealed record ConversationParameters
{
    /// <summary>True for a new channel thread.</summary>
    public bool? IsGroup { get; init; }

    /// <summary>The bot (<c>28:&lt;appId&gt;</c>).</summary>
    public ChannelAccount? Bot { get; init; }

    /// <summary>The members (one user for a 1:1 chat).</summary>
    public IReadOnlyList<ChannelAccount>? Members { get; init; }

    /// <summary>The first activity (channel threads).</summary>
    public Activity? Activity { get; init; }

    /// <summary>Tenant, and channel for a thread.</summary>
    public ChannelData? ChannelData { get; init; }

    /// <summary>The tenant.</summary>
    public string? TenantId { get; init; }
}

/// <summary>The answer to <c>POST /v3/conversations</c>.</summary>
public sealed record ConversationResourceResponse
{
    /// <summary>The conversation id (<c>a:…</c>).</summary>
    public string? Id { get; init; }

    /// <summary>The first activity's id.</summary>
    public string? ActivityId { get; init; }

    /// <summary>The service URL to use for it.</summary>
    public string? ServiceUrl { get; init; }
}

/// <summary>One page of a roster.</summary>
public sealed record PagedMembersResult
{
    /// <summary>The members.</summary>
    public IReadOnlyList<ChannelAccount>? Members { get; init; }

    /// <summary>Pass back for the next page; null at the end.</summary>
    public string? ContinuationToken { get; init; }
}

/// <summary><c>GET /v3/teams/{id}</c>.</summary>
public sealed record TeamDetails
{
    /// <summary>The team id.</summary>
    public string? Id { get; init; }

    /// <summary>The team name.</summary>
    public string? Name { get; init; }

    /// <summary>The Microsoft 365 group id.</summary>
    public string? AadGroupId { get; init; }

    /// <summary>Every other field.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary><c>GET /v3/teams/{id}/conversations</c>.</summary>
public sealed record ConversationList
{
    /// <summary>The channels.</summary>
    public IReadOnlyList<IdRef>? Conversations { get; init; }
}

/// <summary>The connector's error body.</summary>
public sealed record ConnectorErrorResponse
{
    /// <summary>The error.</summary>
    public ConnectorError? Error { get; init; }
}

/// <summary>Code and message of a connector error.</summary>
public sealed record ConnectorError
{
    /// <summary>For example <c>MessageWritesBlocked</c>.</summary>
    public string? Code { get; init; }

    /// <summary>The message.</summary>
    public string? Message { get; init; }
}
