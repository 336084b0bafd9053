using System.Text;

namespace CxBot.Tests.EndToEnd;

/// <summary>A person of the tenant: their Playground user id, name and Entra object id, and their chat with CxBot in their own Playground.</summary>
internal sealed record PlaygroundPerson(string Key, string UserId, string Given, string Surname, string Aad)
{
    public string Name => $"{Given} {Surname}";

    public string Upn => $"{Key}@contoso.example";

    public string Chat => $"personal-chat-{Key}";
}

/// <summary>
/// One tenant, bot and team with named people, the same in every Playground; only the current user differs (a Playground shows
/// one person's chats). Real-looking GUIDs fixed here (those of tests/walkthrough/walk.mjs), so an id that leaks into a card is
/// told apart from a placeholder and traced to its person.
/// </summary>
internal static class PlaygroundPeople
{
    public const string TenantId = "6b1f0c2e-8d4a-4f7b-9c3e-2a5d7e9f1b40";
    public const string BotId = "28:3c9e5a71-4b2d-4e8f-a6c1-7d0b9e2f5a18";
    public const string TeamId = "19:walkthrough-team@thread.tacv2";
    public const string TeamName = "Store 42 Leeds";
    public const string TeamGroupId = "e4a7c2d9-1f3b-4c8e-b5a6-9d2e0f7c1b83";

    public static readonly PlaygroundPerson Alex = new("alex", "user-id-0", "Alex", "Wilber", "8a3f5c21-6d4e-4b7a-9f12-3c5e7a9b1d04");
    public static readonly PlaygroundPerson Megan = new("megan", "user-id-1", "Megan", "Bowen", "2d7b9e14-0c6a-4f3d-8e25-b1a4c7d9f306");
    public static readonly PlaygroundPerson Adele = new("adele", "user-id-2", "Adele", "Vance", "c5e1a8f7-3b9d-4a2c-b674-e0d2f5a81c97");
    public static readonly PlaygroundPerson Isaiah = new("isaiah", "user-id-3", "Isaiah", "Langer", "7f4c2b90-e5a1-4d8b-a3c6-19e7d0b4f852");
    public static readonly PlaygroundPerson Patti = new("patti", "user-id-4", "Patti", "Fernandez", "91b6d3e8-4a7c-4f05-bd29-c8e3a1f6d740");
    public static readonly PlaygroundPerson Lynne = new("lynne", "user-id-5", "Lynne", "Robbins", "3e8a0d5b-c2f7-4196-8b4e-a7d1c9e60f25");

    /// <summary>
    /// Everyone in the tenant: each Playground lists the five besides its current user. It wants exactly that many: fewer
    /// is refused, and with six its first request ends the process without a word.
    /// </summary>
    public static readonly IReadOnlyList<PlaygroundPerson> Everyone = [Alex, Megan, Adele, Isaiah, Patti, Lynne];

    /// <summary>The Playground's <c>.m365agentsplayground.yml</c> with <paramref name="me"/> as its current user and everyone else as its users.</summary>
    public static string Config(PlaygroundPerson me)
    {
        var yaml = new StringBuilder()
            .AppendLine("version: \"0.1.1\"").AppendLine($"tenantId: {TenantId}")
            .AppendLine("bot:").AppendLine($"  id: \"{BotId}\"").AppendLine("  name: CxBot")
            .AppendLine("currentUser:");
        AppendUser(yaml, me, "  ", "  ");
        yaml.AppendLine("users:");
        foreach (var other in Everyone.Where(p => p != me))
        {
            AppendUser(yaml, other, "  - ", "    ");
        }

        return yaml.AppendLine("personalChat:").AppendLine($"  id: {me.Chat}")
            .AppendLine("groupChat:").AppendLine($"  id: group-chat-{me.Key}").AppendLine("  name: Group Chat")
            .AppendLine("team:").AppendLine($"  id: \"{TeamId}\"").AppendLine($"  name: {TeamName}").AppendLine($"  aadGroupId: {TeamGroupId}")
            .AppendLine("  channels:").AppendLine("    - id: channel-announcements-id").AppendLine("      name: Announcements")
            .ToString();
    }

    private static void AppendUser(StringBuilder yaml, PlaygroundPerson p, string first, string indent) =>
        yaml.AppendLine($"{first}id: {p.UserId}").AppendLine($"{indent}name: {p.Name}").AppendLine($"{indent}userPrincipleName: {p.Upn}")
            .AppendLine($"{indent}aadObjectId: {p.Aad}").AppendLine($"{indent}givenName: {p.Given}").AppendLine($"{indent}surname: {p.Surname}")
            .AppendLine($"{indent}email: {p.Upn}");
}
