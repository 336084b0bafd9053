using System.Text.Json;
using System.Text.Json.Serialization;

namespace CxBot.Graph;

/// <summary>A user (the fields CxBot selects).</summary>
internal sealed record GraphUser
{
    public string? Id { get; init; }

    public string? DisplayName { get; init; }

    public string? JobTitle { get; init; }

    public string? Department { get; init; }

    public string? OfficeLocation { get; init; }

    public string? Mail { get; init; }
}

/// <summary>An app in the tenant's Teams app catalog (<c>id</c> is the catalog id, <c>externalId</c> the manifest id).</summary>
internal sealed record GraphTeamsApp
{
    public string? Id { get; init; }

    public string? ExternalId { get; init; }

    public string? DisplayName { get; init; }
}

/// <summary>An app installed in a user's personal scope.</summary>
internal sealed record GraphAppInstallation
{
    public string? Id { get; init; }

    public GraphTeamsApp? TeamsApp { get; init; }
}

/// <summary>A chat (the 1:1 chat between a user and an installed bot).</summary>
internal sealed record GraphChat
{
    public string? Id { get; init; }

    public string? ChatType { get; init; }
}

/// <summary>One page of a Graph collection.</summary>
internal sealed record GraphPage<T>
{
    public IReadOnlyList<T>? Value { get; init; }

    [JsonPropertyName("@odata.nextLink")]
    public string? NextLink { get; init; }
}

/// <summary>Graph's error body: <c>{"error":{"code":…,"message":…}}</c>.</summary>
internal sealed record GraphErrorBody
{
    public GraphError? Error { get; init; }
}

/// <summary>Graph's error code (the message may quote user data, so it is never logged).</summary>
internal sealed record GraphError
{
    public string? Code { get; init; }
}

/// <summary>The body of an app install for a user.</summary>
internal sealed record GraphInstallRequest([property: JsonPropertyName("teamsApp@odata.bind")] string TeamsAppBind);

/// <summary>Source-generated JSON for the Graph wire types.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(GraphUser))]
[JsonSerializable(typeof(GraphChat))]
[JsonSerializable(typeof(GraphPage<GraphTeamsApp>))]
[JsonSerializable(typeof(GraphPage<GraphAppInstallation>))]
[JsonSerializable(typeof(GraphErrorBody))]
[JsonSerializable(typeof(GraphInstallRequest))]
internal sealed partial class GraphJson : JsonSerializerContext;
