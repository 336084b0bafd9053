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

/// <summary>A chat (the 1:1 chat between a user and an installed bot); <see cref="ChatType"/> is Graph's name (<c>oneOnOne</c>…).</summary>
internal sealed record GraphChat
{
    public string? Id { get; init; }

    public string? ChatType { get; init; }
}
