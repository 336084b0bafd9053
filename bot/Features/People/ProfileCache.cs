using CxBot.Graph;
using CxBot.Storage;
using Microsoft.Extensions.Options;

namespace CxBot.Features.People;

/// <summary>What Graph said about a person, and when. <see cref="UserFound"/> is false when Graph does not know them.</summary>
internal sealed record DirectoryProfile(bool UserFound, string? DisplayName, string? JobTitle, string? Department, string? OfficeLocation, Person? Manager, DateTimeOffset FetchedAt);

/// <summary>A profile lookup: the profile (null when Graph is unavailable and nothing is cached), and whether it is the last known one.</summary>
internal sealed record ProfileLookup(DirectoryProfile? Profile, bool LastKnown);

/// <summary>Graph's profile and manager of a person, cached in <see cref="PeopleTables.Profiles"/> for <see cref="GraphOptions.ProfileTtl"/>; during an outage the last known answer stands.</summary>
internal sealed class ProfileCache(TableServiceClient tables, IGraphClient graph, IOptions<GraphOptions> options, TimeProvider time, ILogger<ProfileCache> logger)
{
    private readonly TableClient _table = tables.GetTableClient(PeopleTables.Profiles);

    public async Task<ProfileLookup> GetAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var pk = PeopleTables.Partition(tenantId);
        var rk = PeopleTables.Key(aadObjectId);
        var cached = ToProfile(await _table.GetEntityIfExistsAsync(pk, rk, cancellationToken));
        if (cached is not null && cached.FetchedAt + options.Value.ProfileTtl > time.GetUtcNow())
        {
            return new ProfileLookup(cached, LastKnown: false);
        }

        DirectoryProfile fresh;
        try
        {
            fresh = await FetchAsync(aadObjectId, cancellationToken);
        }
        catch (GraphException ex)
        {
            Log.ProfileFromLastKnown(logger, ex.Status, cached is not null);
            return new ProfileLookup(cached, LastKnown: cached is not null);
        }

        await _table.UpsertEntityAsync(ToEntity(pk, rk, fresh), TableUpdateMode.Replace, cancellationToken);
        return new ProfileLookup(fresh, LastKnown: false);
    }

    private async Task<DirectoryProfile> FetchAsync(string aadObjectId, CancellationToken cancellationToken)
    {
        var user = await graph.GetUserAsync(aadObjectId, cancellationToken);
        var manager = user.IsOk ? await graph.GetManagerAsync(aadObjectId, cancellationToken) : null;
        // A missing permission (403) is an outage of the directory, not a fact about the person.
        if (user.Outcome == GraphOutcome.Forbidden || manager?.Outcome == GraphOutcome.Forbidden)
        {
            throw new GraphException(403, user.ErrorCode ?? manager?.ErrorCode);
        }

        var u = user.Value;
        var m = manager?.Value is { Id: { } managerId } found ? new Person(managerId, found.DisplayName) : null;
        return new DirectoryProfile(user.IsOk, u?.DisplayName, u?.JobTitle, u?.Department, u?.OfficeLocation, m, time.GetUtcNow());
    }

    private static TableEntity ToEntity(string pk, string rk, DirectoryProfile p)
    {
        var entity = new TableEntity(pk, rk) { ["UserFound"] = p.UserFound, ["FetchedAt"] = p.FetchedAt };
        foreach (var (name, value) in new[] { ("DisplayName", p.DisplayName), ("JobTitle", p.JobTitle), ("Department", p.Department), ("OfficeLocation", p.OfficeLocation), ("ManagerId", p.Manager?.AadObjectId), ("ManagerName", p.Manager?.Name) })
        {
            if (value is not null)
            {
                entity[name] = value;
            }
        }

        return entity;
    }

    private static DirectoryProfile? ToProfile(TableEntity? e) => e is null ? null : new DirectoryProfile(
        e.GetBoolean("UserFound") ?? false,
        e.GetString("DisplayName"),
        e.GetString("JobTitle"),
        e.GetString("Department"),
        e.GetString("OfficeLocation"),
        e.GetString("ManagerId") is { } id ? new Person(id, e.GetString("ManagerName")) : null,
        e.GetDateTimeOffset("FetchedAt") ?? DateTimeOffset.MinValue);
}
