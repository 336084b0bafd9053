using CxBot.Features.People;
using CxBot.Protocol;

namespace CxBot.Features.Setup;

/// <summary>A person picked on a setup card and found in the tenant: their Entra object id and, when known, their name.</summary>
internal sealed record PickedPerson(string UserId, string? Name);

/// <summary>
/// The people setup shows and lets someone pick, through <see cref="IPeopleNames"/>: their names for the cards, a team's
/// members as choices, and the check that every picked value is a person of the tenant before anything is stored.
/// </summary>
internal sealed class SetupPeople(IPeopleNames names)
{
    /// <summary>The most people a card offers as static choices (Teams' choice sets grow slow past that; search finds the rest).</summary>
    public const int MaxChoices = PickLists.MaxChoices;

    /// <summary>The most people one save may pick: each is looked up, maybe in Graph, so a crafted card cannot ask for thousands.</summary>
    public const int MaxPicked = 50;

    public const string NotFound = "I couldn't find that person in your organisation; pick them from the list.";

    /// <summary>Longer values are no object id or Teams user id, and are not worth a look-up.</summary>
    private const int MaxValueLength = 100;

    /// <summary>The names of everyone the organisation and home cards show: the admins and every team's managers.</summary>
    public Task<NameBook> OrganisationNamesAsync(string tenantId, TenantSetup setup, CancellationToken cancellationToken) =>
        names.GetNamesAsync(tenantId, [.. setup.Organisation?.Admins ?? [], .. setup.Teams.SelectMany(t => t.Managers)], cancellationToken);

    /// <summary>One person's name (or <see cref="NameBook.NotKnownYet"/>).</summary>
    public async Task<string> NameAsync(string tenantId, string userId, CancellationToken cancellationToken) =>
        (await names.GetNamesAsync(tenantId, [userId], cancellationToken)).Of(userId);

    /// <summary>
    /// The team's members by name and the choices its managers are picked from: its managers always, then the members setup
    /// lists and (when <paramref name="withRoster"/>) its Teams team's roster, sorted by name and capped at <see cref="MaxChoices"/>.
    /// </summary>
    public async Task<(NameBook Names, IReadOnlyList<Choice> Choices)> TeamAsync(string tenantId, TeamSetup team, bool withRoster, CancellationToken cancellationToken)
    {
        var roster = withRoster && team.TeamsTeamId is { } teamsId ? await names.GetTeamMembersAsync(tenantId, teamsId, PickLists.MaxRead, cancellationToken) : [];
        var book = await names.GetNamesAsync(tenantId, [.. team.Members.Select(m => m.UserId), .. roster.Select(p => p.AadObjectId)], cancellationToken);
        var managers = team.Members.Where(m => m.Role == TeamRole.Manager).Select(m => new Choice(NameOf(book, m.UserId, m.Name), AadObjectIds.Normalise(m.UserId))).ToList();
        var others = team.Members.Where(m => m.Role != TeamRole.Manager).Select(m => new Choice(NameOf(book, m.UserId, m.Name), AadObjectIds.Normalise(m.UserId)))
            // A roster member is offered by the name CxBot knows (their own chat may have told it); one with no name at all is left out.
            .Concat(roster.Select(p => (Name: book.Knows(p.AadObjectId) ? book.Of(p.AadObjectId) : p.Name ?? p.Email, p.AadObjectId))
                .Where(p => !string.IsNullOrWhiteSpace(p.Name))
                .Select(p => new Choice(p.Name!, p.AadObjectId)))
            .OrderBy(c => c.Title, StringComparer.CurrentCultureIgnoreCase);
        var choices = managers.Concat(others)
            .DistinctBy(c => c.Value, StringComparer.OrdinalIgnoreCase)
            .Take(Math.Max(MaxChoices, managers.Count))
            .OrderBy(c => c.Title, StringComparer.CurrentCultureIgnoreCase);
        return (book, [.. choices]);
    }

    /// <summary>
    /// Each picked value (an Entra object id, or a Teams user id as local clients send) as a person of the tenant CxBot can
    /// name. Null when any value is nobody it can find: the caller stores nothing.
    /// </summary>
    /// <exception cref="CxBot.Storage.TableStorageException">Storage failed.</exception>
    public async Task<IReadOnlyList<PickedPerson>?> FindAsync(string tenantId, IReadOnlyList<string> values, CancellationToken cancellationToken)
    {
        var found = new List<PickedPerson>();
        foreach (var value in values)
        {
            // Text no id has (white space, control or format characters such as U+202E) is nobody: not looked up, never stored.
            if (!PlausibleIds.IsPrintable(value, MaxValueLength))
            {
                return null;
            }

            // An Entra id, or a Teams user id as local clients send: every roster member has a people record.
            if (await names.ResolveAsync(tenantId, value, cancellationToken) is { } person)
            {
                found.Add(new PickedPerson(AadObjectIds.Normalise(person.AadObjectId), person.Name ?? person.Email ?? person.UserPrincipalName));
            }
            else
            {
                return null;
            }
        }

        return [.. found.DistinctBy(p => p.UserId, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>The name CxBot knows now, else the one setup kept when the person joined, else <see cref="NameBook.NotKnownYet"/>.</summary>
    public static string NameOf(NameBook book, string userId, string? stored) =>
        book.Knows(userId) || string.IsNullOrWhiteSpace(stored) ? book.Of(userId) : stored.Trim();
}
