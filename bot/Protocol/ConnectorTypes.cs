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
    public IReadOnlyList<TeamsChannelAccount>? Members { get; init; }

    /// <summary>Pass back for the next page; null at the end.</summary>
    public string? ContinuationToken { get; init; }
}

/// <summary>
/// A conversation member as Teams' roster calls return it (<c>pagedmembers</c>, <c>members/{id}</c>). Teams names the Entra
/// object id <c>objectId</c> there (the Bot Framework SDK maps it onto <c>AadObjectId</c>), while an activity's <c>from</c> and
/// <c>membersAdded</c> say <c>aadObjectId</c>: <see cref="EntraObjectId"/> reads either.
/// </summary>
public sealed record TeamsChannelAccount
{
    /// <summary>The channel id (<c>29:…</c>).</summary>
    public string? Id { get; init; }

    /// <summary>The display name.</summary>
    public string? Name { get; init; }

    /// <summary>The Entra object id as Teams' roster calls spell it.</summary>
    public string? ObjectId { get; init; }

    /// <summary>The Entra object id as activities spell it (some hosts send it here too).</summary>
    public string? AadObjectId { get; init; }

    /// <summary>The given name.</summary>
    public string? GivenName { get; init; }

    /// <summary>The surname.</summary>
    public string? Surname { get; init; }

    /// <summary>The email address.</summary>
    public string? Email { get; init; }

    /// <summary>The user principal name.</summary>
    public string? UserPrincipalName { get; init; }

    /// <summary>The member's tenant.</summary>
    public string? TenantId { get; init; }

    /// <summary><c>owner</c>, <c>user</c> or <c>guest</c>.</summary>
    public string? UserRole { get; init; }

    /// <summary>Every other field.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>The Entra object id, whichever field carried it; null when neither did.</summary>
    [JsonIgnore]
    public string? EntraObjectId => ObjectId is { Length: > 0 } objectId ? objectId : AadObjectId is { Length: > 0 } aad ? aad : null;
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
