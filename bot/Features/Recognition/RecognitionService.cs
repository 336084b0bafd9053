using CxBot.Features.Setup;

namespace CxBot.Features.Recognition;

/// <summary>What giving a shout-out did: stored (deliver it), already stored (a redelivery: do nothing), or refused and why.</summary>
internal sealed record GiveOutcome(ShoutOut? ShoutOut, bool Duplicate, string? Refusal);

/// <summary>Gives shout-outs (checked on the server against setup and the values), counts +1s and keeps company values.</summary>
internal sealed class RecognitionService(SetupService setup, ShoutOutStore shoutOuts, ValueStore values, RecognitionSettings settings, TimeProvider time, ILogger<RecognitionService> logger)
{
    public const string NotAdmin = "Only a CxBot admin can define company values and badges.";
    public const int MaxPeopleOnForm = 100;

    public RecognitionSettings Settings => settings;

    public async Task<GiveOutcome> GiveAsync(Caller caller, GiveRequest request, CancellationToken cancellationToken)
    {
        var tenant = await setup.GetAsync(caller.TenantId, cancellationToken);
        var behaviours = GiveRules.Behaviours(tenant, await values.ListAsync(caller.TenantId, cancellationToken), setup.Today(tenant));
        var (refusal, recipients, behaviour, message) = GiveRules.Check(request, caller.UserId, GiveRules.KnownPeople(tenant), behaviours, settings);
        if (refusal is not null || behaviour is null)
        {
            Log.GiveRefused(logger);
            return new GiveOutcome(null, false, refusal);
        }

        var shoutOut = new ShoutOut(Guid.Parse(request.Token!).ToString("N"), caller.TenantId, caller.UserId, caller.Name ?? "A colleague", recipients, behaviour, message, time.GetUtcNow(), 0);
        if (!await shoutOuts.TryAddAsync(shoutOut, cancellationToken))
        {
            Log.GiveDuplicate(logger);
            return new GiveOutcome(null, true, null);
        }

        Log.Given(logger, recipients.Count);
        return new GiveOutcome(shoutOut, false, null);
    }

    /// <summary>
    /// The form's choices: the colleagues (never the giver; the giver's own teams first, at most
    /// <see cref="MaxPeopleOnForm"/> so the card stays small) and the behaviours.
    /// </summary>
    public async Task<(IReadOnlyList<Recipient> People, IReadOnlyList<Behaviour> Behaviours)> ChoicesAsync(Caller caller, CancellationToken cancellationToken)
    {
        var tenant = await setup.GetAsync(caller.TenantId, cancellationToken);
        var mine = tenant.Teams.Where(t => t.Members.Any(m => string.Equals(m.UserId, caller.UserId, StringComparison.OrdinalIgnoreCase)))
            .SelectMany(t => t.Members).Select(m => m.UserId).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var people = GiveRules.KnownPeople(tenant).Where(p => !string.Equals(p.Key, caller.UserId, StringComparison.OrdinalIgnoreCase))
            .Select(p => new Recipient(p.Key, p.Value))
            .OrderBy(p => mine.Contains(p.AadObjectId) ? 0 : 1).ThenBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase)
            .Take(MaxPeopleOnForm).OrderBy(p => p.Name, StringComparer.CurrentCultureIgnoreCase).ToList();
        return (people, GiveRules.Behaviours(tenant, await values.ListAsync(caller.TenantId, cancellationToken), setup.Today(tenant)));
    }

    public Task<ShoutOut?> GetAsync(string tenantId, ShoutOutRef reference, CancellationToken cancellationToken) => shoutOuts.GetAsync(tenantId, reference, cancellationToken);

    public Task<(ShoutOut ShoutOut, bool Counted)?> PlusOneAsync(Caller caller, ShoutOutRef reference, CancellationToken cancellationToken) =>
        shoutOuts.PlusOneAsync(caller.TenantId, reference, caller.UserId, cancellationToken);

    public Task<bool> AddThanksAsync(Caller manager, ShoutOutRef reference, string recipientId, CancellationToken cancellationToken) =>
        shoutOuts.TryAddThanksAsync(manager.TenantId, reference, recipientId, manager.UserId, cancellationToken);

    public async Task<bool> IsAdminAsync(Caller caller, CancellationToken cancellationToken) =>
        setup.Roles.IsAdmin(await setup.GetAsync(caller.TenantId, cancellationToken), caller);

    public Task<IReadOnlyList<CompanyValue>> ValuesAsync(string tenantId, CancellationToken cancellationToken) => values.ListAsync(tenantId, cancellationToken);

    /// <summary>Adds (or renames the emoji of) a company value; admins only, checked here.</summary>
    public async Task<string> AddValueAsync(Caller caller, string? name, string? emoji, CancellationToken cancellationToken)
    {
        if (!await IsAdminAsync(caller, cancellationToken))
        {
            return NotAdmin;
        }

        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > ValueLimits.Name || string.IsNullOrWhiteSpace(emoji) || emoji.Trim().Length > ValueLimits.Emoji)
        {
            return $"Give the value a name (up to {ValueLimits.Name} characters) and an emoji.";
        }

        var id = ValueLimits.Slug(name);
        if (id.Length == 0)
        {
            return "Give the value a name with letters or digits.";
        }

        await values.SaveAsync(caller.TenantId, new CompanyValue(id, name.Trim(), emoji.Trim()), cancellationToken);
        Log.ValueSaved(logger);
        return $"Saved {emoji.Trim()} {name.Trim()}.";
    }
}

/// <summary>Limits on company values.</summary>
internal static class ValueLimits
{
    public const int Name = 40;
    public const int Emoji = 8;

    public static string Slug(string name) =>
        string.Join('-', new string([.. name.Trim().ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : ' ')]).Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
