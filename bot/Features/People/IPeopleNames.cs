namespace CxBot.Features.People;

/// <summary>
/// Who people are, for everything CxBot shows or lets someone pick: names from the people record (fed by activities, Teams
/// rosters and Graph), a team's members by name, and whether a picked id is a person of the tenant at all.
/// </summary>
internal interface IPeopleNames
{
    /// <summary>The names of <paramref name="aadObjectIds"/> (Graph is asked for the ones not known yet, when it is on).</summary>
    /// <exception cref="CxBot.Storage.TableStorageException">Storage failed.</exception>
    Task<NameBook> GetNamesAsync(string tenantId, IEnumerable<string> aadObjectIds, CancellationToken cancellationToken);

    /// <summary>
    /// The person behind a picked or typed id (an Entra object id, or a Teams user id CxBot has seen): known to CxBot (an
    /// activity, a roster) or found by Graph. Use the answer's <see cref="PersonFacts.AadObjectId"/> from then on. Null when the
    /// id is no person of this tenant CxBot can name (a typo, someone who left): the caller refuses it and stores nothing.
    /// </summary>
    /// <exception cref="CxBot.Storage.TableStorageException">Storage failed.</exception>
    Task<PersonFacts?> ResolveAsync(string tenantId, string aadObjectId, CancellationToken cancellationToken);

    /// <summary>The members of a Teams team by name, from its roster (read again when stale), sorted by name.</summary>
    /// <exception cref="CxBot.Storage.TableStorageException">Storage failed.</exception>
    Task<IReadOnlyList<PersonFacts>> GetTeamMembersAsync(string tenantId, string teamsTeamId, CancellationToken cancellationToken);

    /// <summary>
    /// Some of a Teams team's members by name, for a list to pick from: at most <paramref name="atMost"/> read, sorted by name.
    /// A team of thousands is not read whole for every card; its people are found with the Teams people picker.
    /// </summary>
    /// <exception cref="CxBot.Storage.TableStorageException">Storage failed.</exception>
    Task<IReadOnlyList<PersonFacts>> GetTeamMembersAsync(string tenantId, string teamsTeamId, int atMost, CancellationToken cancellationToken);

    /// <summary>True when the person (an Entra object id) is in the Teams team's roster: one point read, for checking a pick.</summary>
    /// <exception cref="CxBot.Storage.TableStorageException">Storage failed.</exception>
    Task<bool> IsTeamMemberAsync(string tenantId, string teamsTeamId, string aadObjectId, CancellationToken cancellationToken);
}

/// <summary>How long the lists of people on cards are, in every feature.</summary>
internal static class PickLists
{
    /// <summary>The most names a static list offers (Teams' choice sets grow slow past that; lists are sorted by name).</summary>
    public const int MaxChoices = 100;

    /// <summary>The most roster rows read for one list (one page); people of a larger team are found with the people picker.</summary>
    public const int MaxRead = 1000;
}

/// <summary>Names by Entra object id, for one card or message.</summary>
internal sealed class NameBook(IReadOnlyDictionary<string, PersonFacts> known)
{
    /// <summary>What a person is called when CxBot knows nothing of them yet (never "someone", never their id).</summary>
    public const string NotKnownYet = "a person not known to CxBot yet";

    public static readonly NameBook Empty = new(new Dictionary<string, PersonFacts>());

    /// <summary>The person's display name, else their email or UPN, else <see cref="NotKnownYet"/>.</summary>
    public string Of(string? aadObjectId) =>
        Facts(aadObjectId) is { } p ? First(p.Name, p.Email, p.UserPrincipalName) ?? NotKnownYet : NotKnownYet;

    /// <summary>True when a name (or email) is known.</summary>
    public bool Knows(string? aadObjectId) => Facts(aadObjectId) is { } p && First(p.Name, p.Email, p.UserPrincipalName) is not null;

    /// <summary>What is known of the person, or null.</summary>
    public PersonFacts? Facts(string? aadObjectId) =>
        string.IsNullOrWhiteSpace(aadObjectId) ? null : known.GetValueOrDefault(PeopleTables.PersonId(aadObjectId));

    private static string? First(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();
}
