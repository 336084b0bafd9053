using CxBot.Features.Setup;
using CxBot.Protocol;
using Microsoft.Extensions.Options;

namespace CxBot.Features.Recognition;

/// <summary>What giving a shout-out did: stored (deliver it), already stored (a redelivery: do nothing), or refused and why.</summary>
internal sealed record GiveOutcome(ShoutOut? ShoutOut, bool Duplicate, string? Refusal);

/// <summary>Gives shout-outs (checked on the server against setup and the values), counts +1s and keeps company values.</summary>
internal sealed class RecognitionService(
    SetupService setup, ShoutOutStore shoutOuts, ValueStore values, RecognitionPeople people, IOptions<RecognitionOptions> options, TimeProvider time, ILogger<RecognitionService> logger)
{
    public const string NotAdmin = "Only a CxBot admin can define company values and badges.";
    public const string NotAnEmoji = "The badge is one emoji, such as 💚 or 🚚: pick it from your emoji keyboard.";

    public RecognitionOptions Settings => options.Value;

    public async Task<GiveOutcome> GiveAsync(Caller caller, GiveRequest request, CancellationToken cancellationToken)
    {
        var tenant = await setup.GetAsync(caller.TenantId, cancellationToken);
        var behaviours = GiveRules.Behaviours(tenant, await values.ListAsync(caller.TenantId, cancellationToken), setup.Today(tenant));
        var (refusal, ids, behaviour, message) = GiveRules.Check(request, caller.UserId, behaviours, options.Value);
        if (refusal is not null || behaviour is null)
        {
            Log.GiveRefused(logger);
            return new GiveOutcome(null, false, refusal);
        }

        // Card data is never trusted: every picked id (from the list or the organisation's people picker) must be a person.
        if (await people.RecipientsAsync(caller.TenantId, tenant, ids, cancellationToken) is not { } recipients)
        {
            Log.GiveRefused(logger);
            return new GiveOutcome(null, false, GiveRules.UnknownRecipient);
        }

        // A pick that named a Teams user id is now the person's Entra id: check "not yourself" and "once each" again on those.
        if (recipients.Any(r => string.Equals(r.AadObjectId, AadObjectIds.Normalise(caller.UserId), StringComparison.OrdinalIgnoreCase)))
        {
            Log.GiveRefused(logger);
            return new GiveOutcome(null, false, GiveRules.SelfRefused);
        }

        recipients = [.. recipients.DistinctBy(r => r.AadObjectId, StringComparer.OrdinalIgnoreCase)];

        // The name Teams sent with this very activity is the freshest; the people record knows it otherwise.
        var giverName = !string.IsNullOrWhiteSpace(caller.Name)
            ? caller.Name.Trim()
            : (await people.BookAsync(caller.TenantId, [caller.UserId], cancellationToken)).Of(caller.UserId);
        var shoutOut = new ShoutOut(Guid.Parse(request.Token!).ToString("N"), caller.TenantId, caller.UserId, giverName, recipients, behaviour, message, time.GetUtcNow(), 0);
        if (!await shoutOuts.TryAddAsync(shoutOut, cancellationToken))
        {
            Log.GiveDuplicate(logger);
            return new GiveOutcome(null, true, null);
        }

        Log.Given(logger, recipients.Count);
        return new GiveOutcome(shoutOut, false, null);
    }

    /// <summary>The form's choices: the colleagues by name (see <see cref="RecognitionPeople.ChoicesAsync"/>) and the behaviours.</summary>
    public async Task<(IReadOnlyList<Choice> People, IReadOnlyList<Behaviour> Behaviours)> ChoicesAsync(Caller caller, CancellationToken cancellationToken)
    {
        var tenant = await setup.GetAsync(caller.TenantId, cancellationToken);
        var choices = await people.ChoicesAsync(caller.TenantId, tenant, caller.UserId, cancellationToken);
        return (choices, GiveRules.Behaviours(tenant, await values.ListAsync(caller.TenantId, cancellationToken), setup.Today(tenant)));
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

        if (!UserText.IsOneEmoji(emoji.Trim()))
        {
            return NotAnEmoji;
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
    /// <summary>UTF-16 units: enough for one emoji of several joined code points (a family, a flag of a country's region).</summary>
    public const int Emoji = 16;

    public static string Slug(string name) =>
        string.Join('-', new string([.. name.Trim().ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) ? c : ' ')]).Split(' ', StringSplitOptions.RemoveEmptyEntries));
}
