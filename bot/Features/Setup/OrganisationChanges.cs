namespace CxBot.Features.Setup;

/// <summary>What the organisation form sent, as sent (any of it may be missing, too long or not from the lists).</summary>
internal sealed record OrganisationInput(string? Name, string? TimeZone, string? Currency);

/// <summary>Changes to the organisation and its admins.</summary>
internal static class OrganisationChanges
{
    public const string DefaultName = "My organisation";
    public const string DefaultCurrency = "GBP";

    public const string AlreadyAdmin = "You are already a CxBot admin: type \"setup\" to open the setup card.";
    public const string WrongCode = "That is not CxBot's admin claim code, so nothing changed. Check the code with whoever deployed CxBot and try again.";

    /// <summary>
    /// On a personal install: the organisation is created if missing (in the installer's time zone). Being first proves
    /// nothing, so nobody becomes an admin here, except in local mode (see <see cref="SetupRoles.FirstInstallerIsAdmin"/>).
    /// </summary>
    public static Change ClaimFirstAdmin(TenantSetup setup, Caller caller, SetupRoles roles, string timeZone)
    {
        if (!InstallMayChange(setup, roles))
        {
            return Change.Nothing("An admin already exists.");
        }

        var org = setup.Organisation ?? NewOrganisation(timeZone);
        if (!roles.FirstInstallerIsAdmin || roles.HasAdmin(setup))
        {
            return setup.Organisation is null ? Change.Ok(setup with { Organisation = org }, "Organisation created.") : Change.Nothing("An admin already exists.");
        }

        return Change.Ok(setup with { Organisation = org with { Admins = [caller.UserId] } }, "You are this organisation's first CxBot admin.");
    }

    /// <summary>
    /// Whether a personal install can change <paramref name="setup"/> (<see cref="ClaimFirstAdmin"/>): only while there is no
    /// organisation, or no admin when the first installer becomes one. Neither comes back once gone (an organisation is never
    /// removed, nor its last admin), so a recent copy that says "no" is never wrong, and an install need not read the setup afresh.
    /// </summary>
    public static bool InstallMayChange(TenantSetup setup, SetupRoles roles) =>
        setup.Organisation is null || (roles.FirstInstallerIsAdmin && !roles.HasAdmin(setup));

    /// <summary>
    /// <c>claim admin &lt;code&gt;</c>: in a tenant with no admin (none stored, none configured), the caller becomes its first
    /// admin when <paramref name="codeIsRight"/> (checked by <see cref="SetupRoles.IsClaimCode"/>). Once a tenant has an admin the code does nothing there.
    /// </summary>
    public static Change ClaimWithCode(TenantSetup setup, Caller caller, SetupRoles roles, bool codeIsRight, string timeZone)
    {
        if (roles.IsAdmin(setup, caller))
        {
            return Change.Refused(AlreadyAdmin);
        }

        if (roles.HasAdmin(setup))
        {
            return Change.Refused(Change.NotAdmin);
        }

        if (!codeIsRight)
        {
            return Change.Refused(WrongCode);
        }

        var org = setup.Organisation ?? NewOrganisation(timeZone);
        return Change.Ok(setup with { Organisation = org with { Admins = [caller.UserId] } }, "You are now your organisation's first CxBot admin. Type \"setup\" to pick a starter journey and tailor its standards.");
    }

    private static Organisation NewOrganisation(string timeZone) => new(DefaultName, SetupRules.IsTimeZone(timeZone) ? timeZone : "UTC", DefaultCurrency, []);

    /// <summary>
    /// Saves the organisation form: refused for anyone but an admin; otherwise every problem with what was sent is listed at once
    /// (the time zone and currency must come from their lists, or be the ones stored already).
    /// </summary>
    public static Change Save(TenantSetup setup, Caller caller, SetupRoles roles, OrganisationInput sent)
    {
        if (!roles.IsAdmin(setup, caller))
        {
            return Change.Refused(Change.NotAdmin);
        }

        var current = setup.Organisation ?? new Organisation(DefaultName, "UTC", DefaultCurrency, []);
        if (Problems(sent, current) is { Count: > 0 } problems)
        {
            return Change.Invalid(problems);
        }

        var org = current with { Name = sent.Name!.Trim(), TimeZone = sent.TimeZone!, Currency = sent.Currency! };
        return Change.Ok(setup with { Organisation = org }, "Organisation saved.");
    }

    /// <summary>Everything wrong with the organisation form, each a sentence; empty when it can be saved.</summary>
    public static IReadOnlyList<string> Problems(OrganisationInput sent, Organisation current)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(sent.Name))
        {
            problems.Add("Give the organisation a name.");
        }
        else if (sent.Name.Trim().Length > SetupRules.MaxName)
        {
            problems.Add($"Keep the organisation's name to at most {SetupRules.MaxName} characters.");
        }

        if (!SetupChoices.IsListedTimeZone(sent.TimeZone) && sent.TimeZone != current.TimeZone)
        {
            problems.Add(SetupChoices.PickTimeZone);
        }

        if (!SetupChoices.IsListedCurrency(sent.Currency) && sent.Currency != current.Currency)
        {
            problems.Add(SetupChoices.PickCurrency);
        }

        return problems;
    }

    /// <summary>Makes <paramref name="person"/> (already found in the tenant) an admin.</summary>
    public static Change AddAdmin(TenantSetup setup, Caller caller, SetupRoles roles, PickedPerson person)
    {
        if (!roles.IsAdmin(setup, caller))
        {
            return Change.Refused(Change.NotAdmin);
        }

        var org = setup.Organisation ?? new Organisation(DefaultName, "UTC", DefaultCurrency, []);
        var name = person.Name ?? "That person";
        return org.Admins.Contains(person.UserId, StringComparer.OrdinalIgnoreCase)
            ? Change.Refused($"{name} is already an admin.")
            : Change.Ok(setup with { Organisation = org with { Admins = [.. org.Admins, person.UserId] } }, $"{name} is now an admin.");
    }

    /// <summary>Removes an admin by id; <paramref name="name"/> is only for the answer (someone CxBot cannot name can be removed too).</summary>
    public static Change RemoveAdmin(TenantSetup setup, Caller caller, SetupRoles roles, string userId, string name)
    {
        if (!roles.IsAdmin(setup, caller))
        {
            return Change.Refused(Change.NotAdmin);
        }

        if (setup.Organisation is not { } org || !org.Admins.Contains(userId, StringComparer.OrdinalIgnoreCase))
        {
            return Change.Refused("That person is not an admin here (admins listed in the bot's configuration are changed there).");
        }

        return org.Admins.Count == 1
            ? Change.Refused("The last admin cannot be removed: add another admin first.")
            : Change.Ok(setup with { Organisation = org with { Admins = [.. org.Admins.Where(a => !a.Equals(userId, StringComparison.OrdinalIgnoreCase))] } }, $"Removed {name} from the admins.");
    }
}
