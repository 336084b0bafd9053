using CxBot.Features.Setup;
using CxBot.Hosting;
using CxBot.Tests.Storage;
using Microsoft.Extensions.Options;

namespace CxBot.Tests.Features.Setup;

[Collection(AzuriteCollection.Name)]
public sealed class SetupServiceTests(AzuriteFixture azurite)
{
    private readonly SetupHarness _h = new(azurite.Server);

    [Fact]
    public async Task PickStarter_Admin_WritesJourneyStandardsAndAudit()
    {
        var tenant = SetupHarness.NewTenant();

        var outcome = await _h.PickAsync(SetupHarness.Admin(tenant));

        Assert.True(outcome.Applied, outcome.Message);
        var stored = await _h.Service.GetAsync(tenant, default);
        Assert.Equal(["order", "delivery", "installation", "after-sales-call"], stored.Journey.Select(t => t.Id));
        Assert.Equal(95, stored.FindStandard("slot-kept")!.TargetOn(new DateOnly(2026, 11, 2)));
        var audit = await _h.Store.ReadAuditAsync(tenant, default);
        Assert.Equal(stored.Journey.Count + stored.Standards.Count, audit.Count);
        Assert.All(audit, a => Assert.Equal((SetupHarness.ConfiguredAdmin, "journey.pick", _h.Clock.GetUtcNow()), (a.UserId, a.Action, a.At)));
        Assert.Contains(audit, a => a.Subject == "std~slot-kept" && a.Before is null && a.After!.Contains("\"target\":95", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnyChange_FrontLineUser_RefusedWithReasonAndNothingWritten()
    {
        var tenant = SetupHarness.NewTenant();
        var admin = SetupHarness.Admin(tenant);
        await _h.PickAsync(admin);
        await _h.Service.ApplyAsync(admin, "team.ensure", (s, _) => TeamChanges.EnsureTeam(s, admin, "19:team@thread.tacv2", "Store 1"), default);
        var before = SetupRows.ToRows(await _h.Service.GetAsync(tenant, default));
        var auditBefore = (await _h.Store.ReadAuditAsync(tenant, default)).Count;
        var user = SetupHarness.User(tenant);
        var roles = _h.Roles;
        Func<TenantSetup, DateOnly, Change>[] attempts =
        [
            (s, d) => JourneyChanges.ChangeTarget(s, user, roles, "slot-kept", 50, d, d),
            (s, d) => JourneyChanges.Retire(s, user, roles, "slot-kept", d),
            (s, d) => JourneyChanges.AddTouchpoint(s, user, roles, "Billing", "", "finance"),
            (s, d) => JourneyChanges.AddStandard(s, user, roles, new StandardDraft("order", StandardKind.Soft, "Nice", null, null, null, false, "Nice?", 4), d),
            (s, _) => OrganisationChanges.Save(s, user, roles, new OrganisationInput("Mine", "UTC", "EUR")),
            (s, _) => OrganisationChanges.AddAdmin(s, user, roles, new PickedPerson(user.UserId, user.Name)),
            (s, _) => TeamChanges.SaveLeadership(s, user, roles, "19:chan@thread.tacv2", "Leaders", true, [], DateTimeOffset.UnixEpoch),
            (s, _) => TeamChanges.Save(s, user, roles, "19:team@thread.tacv2", new TeamDraft("UTC", new TimeOnly(17, 0), [new PickedPerson(user.UserId, user.Name)], [])),
        ];

        foreach (var attempt in attempts)
        {
            var outcome = await _h.Service.ApplyAsync(user, "attempt", attempt, default);
            Assert.False(outcome.Applied);
            Assert.StartsWith("Only", outcome.Message, StringComparison.Ordinal);
        }

        Assert.Equal(before, SetupRows.ToRows(await _h.Service.GetAsync(tenant, default)));
        Assert.Equal(auditBefore, (await _h.Store.ReadAuditAsync(tenant, default)).Count);
    }

    [Fact]
    public async Task ChangeTarget_MidQuarter_EarlierWeeksKeepOldTarget()
    {
        var admin = await _h.AdminWithJourneyAsync();
        _h.Clock.Advance(TimeSpan.FromDays(45));
        var from = new DateOnly(2026, 12, 21);

        var outcome = await _h.TargetAsync(admin, "slot-kept", 97, from);

        Assert.True(outcome.Applied, outcome.Message);
        var standard = (await _h.Service.GetAsync(admin.TenantId, default)).FindStandard("slot-kept")!;
        Assert.Equal(95, standard.TargetOn(new DateOnly(2026, 11, 9)));
        Assert.Equal(95, standard.TargetOn(new DateOnly(2026, 12, 20)));
        Assert.Equal(97, standard.TargetOn(from));
        Assert.Equal(97, standard.TargetOn(new DateOnly(2027, 3, 1)));
        Assert.Null(standard.TargetOn(new DateOnly(2026, 11, 1)));
    }

    [Fact]
    public async Task ChangeTarget_EffectiveInThePast_RefusedAndUnchanged()
    {
        var admin = await _h.AdminWithJourneyAsync();
        _h.Clock.Advance(TimeSpan.FromDays(10));

        var outcome = await _h.TargetAsync(admin, "slot-kept", 50, new DateOnly(2026, 11, 3));

        Assert.False(outcome.Applied);
        Assert.Contains("past", outcome.Message, StringComparison.Ordinal);
        Assert.Single((await _h.Service.GetAsync(admin.TenantId, default)).FindStandard("slot-kept")!.Versions);
    }

    [Fact]
    public async Task ChangeTarget_TwoAdminsAtOnce_BothKeptNoLostUpdate()
    {
        var admin = await _h.AdminWithJourneyAsync();

        var outcomes = await Task.WhenAll(
            _h.TargetAsync(admin, "slot-kept", 96, new DateOnly(2026, 12, 1)),
            _h.TargetAsync(admin, "first-time-fix", 92, new DateOnly(2026, 12, 1)),
            _h.TargetAsync(admin, "slot-kept", 97, new DateOnly(2027, 1, 1)));

        Assert.All(outcomes, o => Assert.True(o.Applied, o.Message));
        var setup = await _h.Service.GetAsync(admin.TenantId, default);
        Assert.Equal([95, 96, 97], setup.FindStandard("slot-kept")!.Versions.Select(v => v.Target));
        Assert.Equal([90, 92], setup.FindStandard("first-time-fix")!.Versions.Select(v => v.Target));
    }

    [Fact]
    public async Task Retire_Standard_KeptWithHistoryButInactiveFromToday()
    {
        var admin = await _h.AdminWithJourneyAsync();

        await _h.Service.ApplyAsync(admin, "standard.retire", (s, today) => JourneyChanges.Retire(s, admin, _h.Roles, "damage-free", today), default);

        var standard = (await _h.Service.GetAsync(admin.TenantId, default)).FindStandard("damage-free")!;
        Assert.True(standard.IsActiveOn(new DateOnly(2026, 11, 1)));
        Assert.False(standard.IsActiveOn(new DateOnly(2026, 11, 2)));
        Assert.Equal(99, standard.TargetOn(new DateOnly(2026, 11, 2)));
    }

    [Fact]
    public async Task TwoTenants_ChangesAndReads_NeverCross()
    {
        var a = SetupHarness.NewTenant();
        var b = SetupHarness.NewTenant();
        await _h.PickAsync(SetupHarness.Admin(a), "retail");

        var bBefore = await _h.Service.GetAsync(b, default);
        await _h.PickAsync(SetupHarness.Admin(b), "contact-centre");

        Assert.Equal(TenantSetup.Empty.Journey, bBefore.Journey);
        Assert.Null(bBefore.Organisation);
        Assert.Equal("welcome", (await _h.Service.GetAsync(a, default)).Journey[0].Id);
        Assert.Equal("reach", (await _h.Service.GetAsync(b, default)).Journey[0].Id);
        Assert.All(await _h.Store.ReadAuditAsync(b, default), e => Assert.DoesNotContain("welcome", e.Subject, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Save_StaleSnapshot_ConflictAndServiceRetriesOnFreshRead()
    {
        var tenant = SetupHarness.NewTenant();
        var admin = SetupHarness.Admin(tenant);
        await _h.PickAsync(admin);
        var stale = await _h.Store.LoadAsync(tenant, default);
        var fresh = await _h.Store.LoadAsync(tenant, default);
        var retire = JourneyChanges.Retire(fresh.Setup, admin, _h.Roles, "slot-kept", new DateOnly(2026, 11, 2)).Setup!;
        await _h.Store.SaveAsync(fresh, retire, admin.UserId, "test", _h.Clock.GetUtcNow(), default);

        var changed = JourneyChanges.ChangeTarget(stale.Setup, admin, _h.Roles, "slot-kept", 90, new DateOnly(2026, 12, 1), new DateOnly(2026, 11, 2)).Setup!;
        await Assert.ThrowsAsync<SetupConflictException>(() => _h.Store.SaveAsync(stale, changed, admin.UserId, "test", _h.Clock.GetUtcNow(), default));
        Assert.NotNull((await _h.Service.GetAsync(tenant, default)).FindStandard("slot-kept")!.RetiredFrom);
    }

    [Fact]
    public async Task ClaimFirstAdmin_AdminConfigured_InstallerCreatesOrganisationButIsNoAdmin()
    {
        // The harness configures an admin: every tenant has one, so being first to install proves nothing (issue 22, F5).
        var tenant = SetupHarness.NewTenant();
        var first = SetupHarness.User(tenant, "aaaaaaaa-0000-4000-8000-000000000001");

        var one = await _h.Service.ApplyAsync(first, "admin.claim", (s, _) => OrganisationChanges.ClaimFirstAdmin(s, first, _h.Roles, "Europe/London"), default);

        var setup = await _h.Service.GetAsync(tenant, default);
        Assert.True(one.Applied, one.Message);
        Assert.Empty(setup.Organisation!.Admins);
        Assert.Equal("Europe/London", setup.Organisation.TimeZone);
        Assert.False(_h.Roles.IsAdmin(setup, first));
        Assert.True(_h.Roles.IsAdmin(setup, SetupHarness.Admin(tenant)));
    }

    [Fact]
    public async Task ClaimFirstAdmin_NoAdminConfiguredOutsideLocalMode_NobodyBecomesAdmin()
    {
        var roles = new SetupRoles(Options.Create(new AdminOptions()));
        var tenant = SetupHarness.NewTenant();
        var first = SetupHarness.User(tenant, "aaaaaaaa-0000-4000-8000-000000000001");

        await _h.Service.ApplyAsync(first, "admin.claim", (s, _) => OrganisationChanges.ClaimFirstAdmin(s, first, roles, "Europe/London"), default);

        var setup = await _h.Service.GetAsync(tenant, default);
        Assert.Empty(setup.Organisation!.Admins);
        Assert.False(roles.HasAdmin(setup));
    }

    [Fact]
    public async Task ClaimFirstAdmin_LocalMode_FirstInstallerOnly()
    {
        var roles = new SetupRoles(Options.Create(new AdminOptions { FirstInstallerIsAdmin = true }));
        var tenant = SetupHarness.NewTenant();
        var first = SetupHarness.User(tenant, "aaaaaaaa-0000-4000-8000-000000000001");
        var second = SetupHarness.User(tenant, "aaaaaaaa-0000-4000-8000-000000000002");

        var one = await _h.Service.ApplyAsync(first, "admin.claim", (s, _) => OrganisationChanges.ClaimFirstAdmin(s, first, roles, "Europe/London"), default);
        var two = await _h.Service.ApplyAsync(second, "admin.claim", (s, _) => OrganisationChanges.ClaimFirstAdmin(s, second, roles, "Europe/London"), default);

        Assert.True(one.Applied);
        Assert.False(two.Applied);
        Assert.Equal([first.UserId], (await _h.Service.GetAsync(tenant, default)).Organisation!.Admins);
    }

    [Fact]
    public async Task ClaimWithCode_WrongThenRightThenSecondPerson_OnlyTheRightCodeOnceMakesAnAdmin()
    {
        var roles = new SetupRoles(Options.Create(new AdminOptions { ClaimCode = "  correct-horse-battery-staple " }));
        var tenant = SetupHarness.NewTenant();
        var first = SetupHarness.User(tenant, "aaaaaaaa-0000-4000-8000-000000000001");
        var second = SetupHarness.User(tenant, "aaaaaaaa-0000-4000-8000-000000000002");
        Task<SetupOutcome> Claim(Caller c, string code) =>
            _h.Service.ApplyAsync(c, "admin.claim.code", (s, _) => OrganisationChanges.ClaimWithCode(s, c, roles, roles.IsClaimCode(code), "Europe/London"), default);

        var wrong = await Claim(first, "correct-horse-battery-stapl");
        var empty = await Claim(first, "");
        var right = await Claim(first, "correct-horse-battery-staple");
        var again = await Claim(first, "correct-horse-battery-staple");
        var late = await Claim(second, "correct-horse-battery-staple");

        Assert.Equal((false, OrganisationChanges.WrongCode), (wrong.Applied, wrong.Message));
        Assert.False(empty.Applied);
        Assert.True(right.Applied, right.Message);
        Assert.Contains("first CxBot admin", right.Message, StringComparison.Ordinal);
        Assert.Equal((false, OrganisationChanges.AlreadyAdmin), (again.Applied, again.Message));
        Assert.Equal((false, Change.NotAdmin), (late.Applied, late.Message));
        Assert.Equal([first.UserId], (await _h.Service.GetAsync(tenant, default)).Organisation!.Admins);
    }

    [Fact]
    public async Task ClaimWithCode_AdminConfigured_RefusedEvenWithTheCode()
    {
        var roles = new SetupRoles(Options.Create(new AdminOptions { UserIds = [SetupHarness.ConfiguredAdmin], ClaimCode = "correct-horse-battery-staple" }));
        var tenant = SetupHarness.NewTenant();
        var user = SetupHarness.User(tenant);

        var outcome = await _h.Service.ApplyAsync(user, "admin.claim.code", (s, _) => OrganisationChanges.ClaimWithCode(s, user, roles, roles.IsClaimCode("correct-horse-battery-staple"), "UTC"), default);

        Assert.Equal((false, Change.NotAdmin), (outcome.Applied, outcome.Message));
        Assert.Null((await _h.Service.GetAsync(tenant, default)).Organisation);
    }

    [Fact]
    public void IsClaimCode_NoCodeConfigured_NothingMatches()
    {
        var roles = new SetupRoles(Options.Create(new AdminOptions()));

        Assert.False(roles.HasClaimCode);
        Assert.False(roles.IsClaimCode(""));
        Assert.False(roles.IsClaimCode("anything"));
    }

    [Fact]
    public async Task SaveTeam_ItsManagerYes_OtherTeamsManagerNo()
    {
        var tenant = SetupHarness.NewTenant();
        var managerA = SetupHarness.User(tenant, "bbbbbbbb-0000-4000-8000-00000000000a");
        var managerB = SetupHarness.User(tenant, "bbbbbbbb-0000-4000-8000-00000000000b");
        await _h.Service.ApplyAsync(managerA, "team.ensure", (s, _) => TeamChanges.EnsureTeam(s, managerA, "19:a@thread.tacv2", "A"), default);
        await _h.Service.ApplyAsync(managerB, "team.ensure", (s, _) => TeamChanges.EnsureTeam(s, managerB, "19:b@thread.tacv2", "B"), default);
        var draft = new TeamDraft("America/New_York", new TimeOnly(21, 30), [new PickedPerson(managerA.UserId, managerA.Name)], []);

        var own = await _h.Service.ApplyAsync(managerA, "team.save", (s, _) => TeamChanges.Save(s, managerA, _h.Roles, "19:a@thread.tacv2", draft), default);
        var other = await _h.Service.ApplyAsync(managerB, "team.save", (s, _) => TeamChanges.Save(s, managerB, _h.Roles, "19:a@thread.tacv2", draft with { TimeZone = "UTC" }), default);

        Assert.True(own.Applied, own.Message);
        Assert.False(other.Applied);
        var team = (await _h.Service.GetAsync(tenant, default)).FindTeam("19:a@thread.tacv2")!;
        Assert.Equal(("America/New_York", new TimeOnly(21, 30)), (team.TimeZone, team.ShiftEnd));
    }

    [Fact]
    public async Task SaveOrganisation_NoNameUnlistedTimeZoneAndCurrency_EveryProblemListedNothingStored()
    {
        var tenant = SetupHarness.NewTenant();
        var admin = SetupHarness.Admin(tenant);

        var outcome = await _h.Service.ApplyAsync(admin, "org.save", (s, _) => OrganisationChanges.Save(s, admin, _h.Roles, new OrganisationInput(" ", "Mars/Olympus", "pounds")), default);
        var typedZone = await _h.Service.ApplyAsync(admin, "org.save", (s, _) => OrganisationChanges.Save(s, admin, _h.Roles, new OrganisationInput("Acme", "Europe/Atlantis", "XYZ")), default);

        Assert.False(outcome.Applied);
        Assert.Equal(["Give the organisation a name.", SetupChoices.PickTimeZone, SetupChoices.PickCurrency], outcome.Problems);
        Assert.Equal([SetupChoices.PickTimeZone, SetupChoices.PickCurrency], typedZone.Problems);
        Assert.Null((await _h.Service.GetAsync(tenant, default)).Organisation);
    }

    [Fact]
    public void Choices_TimeZonesAndCurrencies_HumanLabelsAndOnlyListedValuesAccepted()
    {
        var paris = Assert.Single(SetupChoices.TimeZones, z => z.Value == "Europe/Paris");
        var newYork = Assert.Single(SetupChoices.TimeZones, z => z.Value == "America/New_York");
        var euro = Assert.Single(SetupChoices.Currencies, c => c.Value == "EUR");

        Assert.Equal("(UTC+01:00) Europe/Paris", paris.Title);
        Assert.Equal("(UTC-05:00) America/New York", newYork.Title);
        Assert.Equal("(UTC) Coordinated Universal Time", Assert.Single(SetupChoices.TimeZones, z => z.Value == "UTC").Title);
        Assert.Equal("EUR – Euro", euro.Title);
        Assert.Contains(SetupChoices.Currencies, c => c.Title == "GBP – British Pound");
        Assert.Contains(SetupChoices.Currencies, c => c.Value == "JPY");
        Assert.True(SetupChoices.TimeZones.Count > 300, $"only {SetupChoices.TimeZones.Count} zones listed");
        Assert.True(SetupChoices.Currencies.Count > 100, $"only {SetupChoices.Currencies.Count} currencies listed");
        Assert.All(SetupChoices.TimeZones, z => Assert.True(SetupRules.IsTimeZone(z.Value), z.Value));
        Assert.All(SetupChoices.Currencies, c => Assert.Matches("^[A-Z]{3}$", c.Value));
        Assert.Equal(SetupChoices.TimeZones.Count, SetupChoices.TimeZones.Select(z => z.Value).Distinct().Count());
        Assert.False(SetupChoices.IsListedTimeZone("Mars/Olympus"));
        Assert.False(SetupChoices.IsListedCurrency("XYZ"));
    }
}
