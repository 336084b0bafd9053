using CxBot.Features.People;
using CxBot.Features.Setup;
using CxBot.Protocol;

namespace CxBot.Features.Recognition;

/// <summary>
/// The people recognition shows and lets a giver pick, by name (through <see cref="IPeopleNames"/>): the form's list, the
/// server's check of every picked id, and the names drawn on cards, which are the current ones rather than those stored.
/// </summary>
internal sealed class RecognitionPeople(IPeopleNames names, IPeopleDirectory directory)
{
    /// <summary>The most people the form lists (Teams' choice sets grow slow past that; the people picker finds anyone else).</summary>
    public const int MaxChoices = PickLists.MaxChoices;

    // What rows stored before names came from the people record say instead of a name: never shown, the current name is.
    private static readonly string[] Placeholders = ["A colleague", "Your manager"];

    /// <summary>
    /// The colleagues the form lists: the members of the giver's teams (setup's and their Teams rosters), by name, sorted, the
    /// giver left out. A giver in no team (an admin) gets every set-up team's. People with no name yet are left out, so the
    /// list never shows entries nobody can tell apart; the organisation-wide picker still finds them.
    /// </summary>
    public async Task<IReadOnlyList<Choice>> ChoicesAsync(string tenantId, TenantSetup setup, string giverId, CancellationToken cancellationToken)
    {
        var placed = (await directory.GetPlacementAsync(tenantId, giverId, cancellationToken)).Teams.Select(t => t.TeamId).ToHashSet(StringComparer.Ordinal);
        var teams = setup.Teams.Where(t => placed.Contains(t.Id)).ToList();
        var rosterOnly = placed.Where(id => setup.FindTeam(id) is null).ToList();
        var inNoTeam = teams.Count == 0 && rosterOnly.Count == 0;
        if (inNoTeam)
        {
            teams = [.. setup.Teams];
        }

        var members = teams.SelectMany(t => t.Members).ToList();
        var book = await names.GetNamesAsync(tenantId, members.Select(m => m.UserId), cancellationToken);
        var people = members.Select(m => (Id: AadObjectIds.Normalise(m.UserId), Name: book.Knows(m.UserId) ? book.Of(m.UserId) : Clean(m.Name), book.Facts(m.UserId)?.Email)).ToList();
        foreach (var teamsId in teams.Select(t => t.TeamsTeamId).OfType<string>().Concat(rosterOnly).Distinct(StringComparer.Ordinal))
        {
            // A giver in no team gets every team's: stop reading rosters once the list is full, not one query per store.
            if (inNoTeam && people.Count(p => p.Name is not null) > MaxChoices)
            {
                break;
            }

            people.AddRange((await names.GetTeamMembersAsync(tenantId, teamsId, PickLists.MaxRead, cancellationToken)).Select(p => (p.AadObjectId, Clean(p.Name) ?? Clean(p.Email), p.Email)));
        }

        var giver = AadObjectIds.Normalise(giverId);
        var listed = people.Where(p => p.Name is not null && !string.Equals(p.Id, giver, StringComparison.OrdinalIgnoreCase))
            .DistinctBy(p => p.Id, StringComparer.OrdinalIgnoreCase).ToList();
        // Two people with one name are told apart by their email, where it is known.
        var shared = listed.GroupBy(p => p.Name!, StringComparer.CurrentCultureIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.CurrentCultureIgnoreCase);
        return [.. listed
            .Select(p => new Choice(shared.Contains(p.Name!) && p.Email is { Length: > 0 } email && email != p.Name ? $"{p.Name} ({email})" : p.Name!, p.Id))
            .OrderBy(c => c.Title, StringComparer.CurrentCultureIgnoreCase)
            .Take(MaxChoices)];
    }

    /// <summary>
    /// The people behind picked ids (already normalised), by name: each one a person of the tenant CxBot can name, or a member
    /// setup lists. Null when any id is neither, so the caller refuses the whole shout-out and stores nothing.
    /// </summary>
    public async Task<IReadOnlyList<Recipient>?> RecipientsAsync(string tenantId, TenantSetup setup, IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        List<Recipient> recipients = [];
        foreach (var id in ids)
        {
            if (await names.ResolveAsync(tenantId, id, cancellationToken) is { } person)
            {
                recipients.Add(new Recipient(person.AadObjectId, Clean(person.Name) ?? Clean(person.Email) ?? NameBook.NotKnownYet));
            }
            else if (setup.Teams.SelectMany(t => t.Members).FirstOrDefault(m => string.Equals(AadObjectIds.Normalise(m.UserId), id, StringComparison.OrdinalIgnoreCase)) is { } member)
            {
                recipients.Add(new Recipient(id, Clean(member.Name) ?? NameBook.NotKnownYet));
            }
            else
            {
                return null;
            }
        }

        return recipients;
    }

    /// <summary>The names of <paramref name="ids"/>.</summary>
    public Task<NameBook> BookAsync(string tenantId, IEnumerable<string> ids, CancellationToken cancellationToken) => names.GetNamesAsync(tenantId, ids, cancellationToken);

    /// <summary>The shout-out with its giver and recipients under their current names.</summary>
    public async Task<ShoutOut> NamedAsync(ShoutOut s, CancellationToken cancellationToken)
    {
        var book = await names.GetNamesAsync(s.TenantId, [s.GiverId, .. s.Recipients.Select(r => r.AadObjectId)], cancellationToken);
        return s with
        {
            GiverName = NameOf(book, s.GiverId, s.GiverName),
            Recipients = [.. s.Recipients.Select(r => r with { Name = NameOf(book, r.AadObjectId, r.Name) })],
        };
    }

    /// <summary>
    /// The boards with the first <paramref name="shown"/> standings of each under current names (sorted again: ties go by name).
    /// Only those are named, since only those are shown: a quarter's board can hold thousands of people.
    /// </summary>
    public async Task<IReadOnlyList<Board>> NamedAsync(string tenantId, IReadOnlyList<Board> boards, int shown, CancellationToken cancellationToken)
    {
        var book = await names.GetNamesAsync(tenantId, boards.SelectMany(b => b.Standings.Take(shown)).Select(s => s.PersonId), cancellationToken);
        return [.. boards.Select(b => b with
        {
            Standings = [.. b.Standings.Take(shown).Select(s => s with { Name = NameOf(book, s.PersonId, s.Name) })
                .OrderByDescending(s => s.Points).ThenBy(s => s.Name, StringComparer.CurrentCultureIgnoreCase), .. b.Standings.Skip(shown)],
        })];
    }

    /// <summary>The person's current name; else the name stored with the record (unless a placeholder); else <see cref="NameBook.NotKnownYet"/>.</summary>
    public static string NameOf(NameBook book, string id, string? stored) =>
        book.Knows(id) || Clean(stored) is not { } name ? book.Of(id) : name;

    private static string? Clean(string? name) =>
        string.IsNullOrWhiteSpace(name) || Placeholders.Contains(name.Trim(), StringComparer.OrdinalIgnoreCase) ? null : name.Trim();
}
