namespace CxBot.Features.Setup;

/// <summary>The result of applying one change to a setup in memory: the new setup, or why it was refused.</summary>
internal sealed record Change(TenantSetup? Setup, string? Refusal, string Done)
{
    /// <summary>Every problem with a form's values, when that is why it was refused (the form shows them all at once).</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    public const string NotAdmin = "Only a CxBot admin can change the organisation, the journey, standards and leadership channels.";
    public const string NotManager = "Only this team's managers or a CxBot admin can change the team's setup.";

    public static Change Ok(TenantSetup setup, string done) => new(setup, null, done);

    public static Change Refused(string reason) => new(null, reason, "");

    /// <summary>Refused for what was sent: <paramref name="problems"/> lists all of it.</summary>
    public static Change Invalid(IReadOnlyList<string> problems) => new(null, string.Join(" ", problems), "") { Problems = problems };

    /// <summary>Nothing to write (for example, an admin already exists).</summary>
    public static Change Nothing(string done) => new(null, null, done);
}
