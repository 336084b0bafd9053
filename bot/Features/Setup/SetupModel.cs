namespace CxBot.Features.Setup;

/// <summary>One tenant's organisation: its name, default time zone (IANA id), currency and admins (Entra object ids).</summary>
internal sealed record Organisation(string Name, string TimeZone, string Currency, IReadOnlyList<string> Admins);

/// <summary>One step of the customer journey, in <see cref="Order"/>.</summary>
internal sealed record Touchpoint(string Id, int Order, string Name, string Description, string Owner);

/// <summary>Hard standards are measured; soft ones need feedback on a 1–5 scale.</summary>
internal enum StandardKind
{
    Hard,
    Soft,
}

/// <summary>Whether a higher or a lower figure keeps a hard standard.</summary>
internal enum Direction
{
    HigherIsBetter,
    LowerIsBetter,
}

/// <summary>A target in force from <see cref="EffectiveFrom"/> until the next version.</summary>
internal sealed record TargetVersion(DateOnly EffectiveFrom, double Target);

/// <summary>
/// A customer-led promise tied to a touchpoint. Hard: metric, unit, direction, maybe recorded by hand. Soft: a question on a 1–5
/// scale whose target is an average. Targets are versioned; a retired standard stays for past weeks.
/// </summary>
internal sealed record Standard(
    string Id,
    string TouchpointId,
    StandardKind Kind,
    string Name,
    string? Metric,
    string? Unit,
    Direction? Direction,
    bool HandRecorded,
    string? Question,
    IReadOnlyList<TargetVersion> Versions,
    DateOnly? RetiredFrom)
{
    /// <summary>
    /// Soft only: the question staff answer in check-ins ("How well did we greet customers today?"), apart from
    /// <see cref="Question"/>, the customer's wording. Standards stored before it existed have none: see <see cref="CheckinQuestion"/>.
    /// </summary>
    public string? StaffQuestion { get; init; }

    /// <summary>
    /// What a check-in asks staff about a soft standard: its staff question, or for a standard stored without one, a question
    /// about the standard's name ("How well did we keep this today: the customer felt listened to?"); null for a hard standard.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? CheckinQuestion => Kind != StandardKind.Soft ? null
        : StaffQuestion is { Length: > 0 } asked ? asked
        : $"How well did we keep this today: {(Name.Length > 1 && char.IsUpper(Name[0]) && !char.IsUpper(Name[1]) ? char.ToLowerInvariant(Name[0]) + Name[1..] : Name)}?";

    /// <summary>The values a hand-recorded measure may take (see <see cref="MeasureRange"/>).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public MeasureRange Range => MeasureRange.For(Unit);

    /// <summary>The target in force on <paramref name="date"/>, or null before the first version.</summary>
    public double? TargetOn(DateOnly date) => Versions.Where(v => v.EffectiveFrom <= date).MaxBy(v => v.EffectiveFrom)?.Target;

    /// <summary>True when the standard applies on <paramref name="date"/> (not yet retired).</summary>
    public bool IsActiveOn(DateOnly date) => RetiredFrom is not { } retired || date < retired;
}

/// <summary>A team member's role.</summary>
internal enum TeamRole
{
    FrontLine,
    Manager,
}

/// <summary>Someone in a team.</summary>
internal sealed record TeamMember(string UserId, string? Name, TeamRole Role);

/// <summary>
/// A team or site: a Teams team (<see cref="TeamsTeamId"/>) or a named group, its time zone and shift end for check-ins,
/// its members and their roles, and the standards that apply to it (empty: all of them).
/// </summary>
internal sealed record TeamSetup(
    string Id,
    string Name,
    string? TeamsTeamId,
    string TimeZone,
    TimeOnly ShiftEnd,
    IReadOnlyList<TeamMember> Members,
    IReadOnlyList<string> Standards)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public IEnumerable<string> Managers => Members.Where(m => m.Role == TeamRole.Manager).Select(m => m.UserId);
}

/// <summary>
/// A channel that receives scorecards: of every team, or of a chosen set. <see cref="Since"/>: when it first subscribed (null for
/// channels stored before it was kept), so it gets no card for a week that was over by then.
/// </summary>
internal sealed record LeadershipChannel(string ChannelId, string Name, bool AllTeams, IReadOnlyList<string> Teams)
{
    public DateTimeOffset? Since { get; init; }
}

/// <summary>Everything a tenant is measured against; what is stored, exported and imported.</summary>
internal sealed record TenantSetup(
    Organisation? Organisation,
    IReadOnlyList<Touchpoint> Journey,
    IReadOnlyList<Standard> Standards,
    IReadOnlyList<TeamSetup> Teams,
    IReadOnlyList<LeadershipChannel> Leadership)
{
    public static readonly TenantSetup Empty = new(null, [], [], [], []);

    public Standard? FindStandard(string id) => Standards.FirstOrDefault(s => s.Id == id);

    public TeamSetup? FindTeam(string id) => Teams.FirstOrDefault(t => t.Id == id);
}
