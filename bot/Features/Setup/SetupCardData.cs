namespace CxBot.Features.Setup;

/// <summary>A choice in a card's choice set.</summary>
internal sealed record Choice(string Title, string Value);

/// <summary>Data for <c>cards/setup/home.json</c>.</summary>
internal sealed record HomeData(
    string? Notice,
    string? NoticeColor,
    OrganisationSummary Organisation,
    bool HasJourney,
    string Today,
    IReadOnlyList<Choice> Starters,
    IReadOnlyList<TouchpointView> Touchpoints,
    IReadOnlyList<Choice> StandardChoices,
    IReadOnlyList<TeamSummary> Teams)
{
    /// <summary>What features need an admin to see (<see cref="IAdminAttention"/>); empty when all is well.</summary>
    public IReadOnlyList<AttentionLine> Attention { get; init; } = [];

    /// <summary>After a refused change: everything to fix, and (below) what was sent to change a standard.</summary>
    public IReadOnlyList<Problem> Problems { get; init; } = [];

    public string? PickedStandard { get; init; }

    public double? Target { get; init; }

    public string? From { get; init; }
}

/// <summary>One line an admin needs to see.</summary>
internal sealed record AttentionLine(string Text);

/// <summary>One problem with what was sent on a form, shown above the form with every other one.</summary>
internal sealed record Problem(string Text);

/// <summary>The organisation on the home card; <see cref="Admins"/> names them.</summary>
internal sealed record OrganisationSummary(string Name, string TimeZone, string Currency, string Admins);

internal sealed record TouchpointView(string Name, string Owner, IReadOnlyList<StandardLine> Standards);

internal sealed record StandardLine(string Text, bool Retired);

/// <summary>A team on the home card; <see cref="Managers"/> names them ("managed by …").</summary>
internal sealed record TeamSummary(string Name, string TimeZone, string ShiftEnd, string Managers);

/// <summary>
/// Data for <c>cards/setup/organisation.json</c>: the admins by name (also the choices to remove one), and the people offered
/// as new admins where the client cannot search the organisation; the time zone and currency are picked from their lists.
/// After a refused save, the values are those sent and <see cref="Problems"/> lists everything to fix.
/// </summary>
internal sealed record OrganisationData(
    string? Notice,
    string? NoticeColor,
    string Name,
    string TimeZone,
    string Currency,
    IReadOnlyList<Choice> TimeZoneChoices,
    IReadOnlyList<Choice> CurrencyChoices,
    IReadOnlyList<Choice> AdminChoices,
    IReadOnlyList<Choice> PeopleChoices)
{
    public IReadOnlyList<Problem> Problems { get; init; } = [];
}

/// <summary>Data for <c>cards/setup/standard.json</c>; after a refused save, <see cref="Sent"/> holds what was sent and <see cref="Problems"/> everything to fix.</summary>
internal sealed record StandardFormData(string? Notice, string? NoticeColor, IReadOnlyList<Choice> TouchpointChoices, IReadOnlyList<Choice> Owners)
{
    public StandardFormInput? Sent { get; init; }

    /// <summary>The target sent, when it was a number (a number input shows nothing else).</summary>
    public double? Target { get; init; }

    public IReadOnlyList<Problem> Problems { get; init; } = [];
}

/// <summary>
/// Data for <c>cards/setup/team.json</c>: <see cref="Managers"/> holds their ids (the picker's value), <see cref="ManagerNames"/> their
/// names; the time zone is picked from its list.
/// </summary>
internal sealed record TeamData(
    string? Notice,
    string? NoticeColor,
    string TeamId,
    string TeamName,
    string TimeZone,
    IReadOnlyList<Choice> TimeZoneChoices,
    string ShiftEnd,
    string Managers,
    string ManagerNames,
    IReadOnlyList<Choice> ManagerChoices,
    string SelectedStandards,
    IReadOnlyList<Choice> StandardChoices)
{
    /// <summary>After a refused save: everything to fix (the values shown are those sent).</summary>
    public IReadOnlyList<Problem> Problems { get; init; } = [];
}

/// <summary>Data for <c>cards/setup/leadership.json</c>.</summary>
internal sealed record LeadershipData(string? Notice, string? NoticeColor, string ChannelName, string AllTeams, string SelectedTeams, IReadOnlyList<Choice> TeamChoices);
