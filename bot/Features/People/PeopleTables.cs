using CxBot.Protocol;
using CxBot.Storage;

namespace CxBot.Features.People;

/// <summary>The directory's tables (every one partitioned by tenant) and its key helpers.</summary>
internal static class PeopleTables
{
    /// <summary>Roster rows: <c>p|{person}|{team}</c> (a person's teams) and <c>t|{team}|{person}</c> (a team's members).</summary>
    public const string Roster = "PeopleRoster";

    /// <summary>One row per team the bot is in: name, service URL, when its roster was last read.</summary>
    public const string Teams = "PeopleTeams";

    /// <summary>One row per person: name, email, Teams user id and where they came from (<see cref="PersonStore"/>).</summary>
    public const string Persons = "PeoplePersons";

    /// <summary>One row per person: Graph's profile and manager, and when they were fetched.</summary>
    public const string Profiles = "PeopleProfiles";

    /// <summary>One row per person found unreachable: the reason and when.</summary>
    public const string Reach = "PeopleReach";

    /// <summary>One row per tenant: when the next app install may start.</summary>
    public const string Pacing = "PeoplePacing";

    public static string Partition(string tenantId) => TableKeys.ToSafeKey(tenantId);

    public static string Key(string id) => TableKeys.ToSafeKey(id);

    /// <summary>An Entra object id in one spelling (lower-case GUID), however a caller or Teams wrote it.</summary>
    public static string PersonId(string aadObjectId) => AadObjectIds.Normalise(aadObjectId);

    /// <summary>Rows whose key starts with <paramref name="prefix"/> in one partition.</summary>
    public static TableFilter StartsWith(string partitionKey, string prefix)
    {
        var end = prefix[..^1] + (char)(prefix[^1] + 1);
        return TableFilter.Create($"PartitionKey eq {partitionKey} and RowKey ge {prefix} and RowKey lt {end}");
    }
}
