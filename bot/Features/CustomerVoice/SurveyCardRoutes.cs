using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CxBot.Cards;
using CxBot.Features.Setup;
using CxBot.Protocol;
using CxBot.Protocol.FileConsent;
using CxBot.Protocol.References;
using CxBot.Protocol.Routing;

namespace CxBot.Features.CustomerVoice;

/// <summary>
/// The manager's side of the customer survey: <c>customer survey</c> (and other ways of saying it) picks a team's touchpoint that
/// has soft standards, then shows the link card (<c>cards/customervoice/survey-link</c>) with the live link or a new one, its QR
/// code and the questions customers see. On that card, <i>Download poster</i> offers the A5 PDF in the personal chat and
/// <i>Revoke and issue a new link</i> replaces the link. Only the team's managers and CxBot admins, checked on the server for every
/// action; the team and touchpoint a card names are looked up in setup again. A redelivered activity issues or revokes nothing twice.
/// </summary>
internal sealed class SurveyCardRoutes(SurveyLinkStore links, SetupService setup, CardTemplates cards, IProactiveSender sender, TimeProvider time, ILogger<SurveyCardRoutes> logger)
    : IBotRoutes, IFileConsentHandler
{
    public const string UnknownCaller = "I can't tell who you are in this conversation, so I can't give you a survey link here.";
    public const string ManagersOnly = "Customer survey links and posters are for team managers and CxBot admins, and you don't manage a team. Ask your manager for the survey's poster; to report a problem, type **log incident**.";
    public const string NoTeams = "There are no teams yet, so there is no survey to give. Add a team in **setup** first.";
    public const string NotYourTeam = "Only the team's managers and CxBot admins can use its survey link, so nothing was changed.";
    public const string NotFound = "That team or touchpoint is no longer in the setup. Type **customer survey** to pick again.";
    public const string NothingToAsk = "A survey asks customers about a touchpoint's soft standards, and none of the touchpoints of your teams has one yet. Add soft standards in **setup** first.";
    public const string LinksOff = "Survey links are not switched on for this organisation yet: an administrator must set the survey signing key (CustomerVoice:SigningKey).";
    public const string Reissued = "New link issued: the old link and posters with its code no longer work.";
    public const string PosterSent = "I've sent the poster to our personal chat: accept it there to save the PDF to your OneDrive, then print it on A5.";
    public const string PosterReplaced = "That poster's link has been replaced since. Type **customer survey** for the new link and its poster.";

    public void Map(BotRouteBuilder routes)
    {
        foreach (var phrase in CustomerVoiceNames.Phrases)
        {
            routes.OnPhrase(phrase, OpenAsync);
        }

        routes
            .OnVerb(CustomerVoiceNames.Show, ShowAsync)
            .OnVerb(CustomerVoiceNames.Reissue, ReissueAsync)
            .OnVerb(CustomerVoiceNames.Poster, PosterAsync);
    }

    public string Kind => CustomerVoiceNames.PosterKind;

    /// <summary>Typed: the link card straight away when one touchpoint fits (the only one, or the one named), else the pick card.</summary>
    private async Task OpenAsync(TurnContext turn)
    {
        if (await ManagedAsync(turn) is not { } m)
        {
            return;
        }

        var channelTeam = turn.Activity.ChannelData?.Team?.Id;
        var teams = m.Managed.Where(t => channelTeam is { Length: > 0 } && string.Equals(t.TeamsTeamId, channelTeam, StringComparison.Ordinal)).ToList() is { Count: > 0 } here ? here : m.Managed;
        var now = time.GetUtcNow();
        var options = teams
            .SelectMany(team => m.Setup.Journey.OrderBy(t => t.Order).Select(tp => (Team: team, Touchpoint: tp, Asks: SurveyQuestions.For(m.Setup, team.Id, tp.Id, now)?.Questions.Count ?? 0)))
            .ToList();
        var offered = options.Where(o => o.Asks > 0).ToList();
        if (offered.Count == 0)
        {
            SurveyCardLog.Refused(logger, "no soft standards");
            await turn.TellAsync(NothingToAsk);
            return;
        }

        string? notice = null;
        if (Argument(turn.Text) is { } named)
        {
            var matching = offered.Where(o => Matches(o.Touchpoint.Name, named)).ToList();
            if (matching.Count > 0)
            {
                offered = matching;
            }
            else
            {
                notice = $"No touchpoint of yours with questions for customers is called \u201c{CardText.Clip(named, 60)}\u201d. Pick one:";
            }
        }

        if (offered.Count == 1 && notice is null)
        {
            await LinkCardAsync(turn, m.Caller, m.Setup, offered[0].Team, offered[0].Touchpoint, replace: false, notice: null);
            return;
        }

        var severalTeams = offered.Select(o => o.Team.Id).Distinct().Count() > 1;
        var left = options.Where(o => o.Asks == 0).GroupBy(o => o.Touchpoint.Name).Select(g => severalTeams || teams.Count > 1 ? $"{g.Key} ({string.Join(", ", g.Select(o => o.Team.Name))})" : g.Key).ToList();
        var choices = offered.Select(o => new Choice(severalTeams ? $"{o.Team.Name} · {o.Touchpoint.Name}" : o.Touchpoint.Name, o.Team.Id + "|" + o.Touchpoint.Id)).ToList();
        await turn.ShowCardAsync(cards.Bind(CustomerVoiceNames.PickTemplate, new PickData(
            choices[0].Value,
            choices,
            left.Count == 0 ? null : CardText.Clip("Not offered, as they have no soft standards to ask customers about: " + string.Join(", ", left) + ".", 600),
            notice)));
    }

    /// <summary>The pick card's button: the link card of the picked team and touchpoint.</summary>
    private async Task ShowAsync(TurnContext turn)
    {
        var picked = CardInput.Text(turn.CardData, CustomerVoiceNames.PickField, 210)?.Split('|');
        var target = picked is [var t, var tp] ? (t, tp) : (CardInput.Text(turn.CardData, "teamId", 100), CardInput.Text(turn.CardData, "touchpoint", 100));
        if (await CheckedAsync(turn, target.Item1, target.Item2) is { } c)
        {
            await LinkCardAsync(turn, c.Caller, c.Setup, c.Team, c.Touchpoint, replace: false, notice: null);
        }
    }

    private async Task ReissueAsync(TurnContext turn)
    {
        if (await CheckedAsync(turn, CardInput.Text(turn.CardData, "teamId", 100), CardInput.Text(turn.CardData, "touchpoint", 100)) is { } c)
        {
            await LinkCardAsync(turn, c.Caller, c.Setup, c.Team, c.Touchpoint, replace: true, notice: Reissued);
        }
    }

    /// <summary>The poster of the live link, offered as a PDF through a file consent card in the caller's personal chat.</summary>
    private async Task PosterAsync(TurnContext turn)
    {
        if (await CheckedAsync(turn, CardInput.Text(turn.CardData, "teamId", 100), CardInput.Text(turn.CardData, "touchpoint", 100)) is not { } c)
        {
            return;
        }

        var questions = SurveyQuestions.For(c.Setup, c.Team.Id, c.Touchpoint.Id, time.GetUtcNow())?.Questions ?? [];
        if (await IssueAsync(turn, c.Caller, c.Team, c.Touchpoint, replace: false) is not { } link)
        {
            return;
        }

        var pdf = SurveyPoster.Pdf(c.Team.Name, c.Touchpoint.Name, link.Url, [.. questions.Select(q => q.Wording)]);
        var consent = FileConsentCards.Consent(Kind, PosterFileName(c.Touchpoint.Name, c.Team.Name), $"The A5 customer survey poster of {c.Touchpoint.Name} at {c.Team.Name} (PDF)", pdf.Length,
            new JsonObject { ["teamId"] = c.Team.Id, ["touchpoint"] = c.Touchpoint.Id, ["linkId"] = link.Id });
        SurveyCardLog.PosterOffered(logger, pdf.Length);
        await FileConsentOffer.SendAsync(turn, sender, ProactiveTarget.User(c.Caller.TenantId, c.Caller.UserId), consent,
            $"The customer survey poster of {c.Touchpoint.Name} as a PDF: accept it to save it to your OneDrive", PosterSent);
    }

    /// <summary>Accepted in the personal chat: the same poster again, if the caller still manages the team and the link is still live.</summary>
    public async Task<byte[]?> ContentAsync(TurnContext turn, JsonElement context)
    {
        if (await CheckedAsync(turn, FileConsentRoutes.Str(context, "teamId"), FileConsentRoutes.Str(context, "touchpoint"), reply: true) is not { } c)
        {
            return null;
        }

        var link = await links.CurrentAsync(c.Caller.TenantId, c.Team.Id, c.Touchpoint.Id, turn.CancellationToken);
        if (link is null || link.Id != FileConsentRoutes.Str(context, "linkId"))
        {
            SurveyCardLog.Refused(logger, "poster link replaced");
            await turn.ReplyAsync(PosterReplaced);
            return null;
        }

        var questions = SurveyQuestions.For(c.Setup, c.Team.Id, c.Touchpoint.Id, time.GetUtcNow())?.Questions ?? [];
        return SurveyPoster.Pdf(c.Team.Name, c.Touchpoint.Name, link.Url, [.. questions.Select(q => q.Wording)]);
    }

    /// <summary>"Customer survey poster – Checkout – Harbourside Store.pdf", with only characters every file system takes.</summary>
    public static string PosterFileName(string touchpoint, string team)
    {
        static string Safe(string text)
        {
            var b = new StringBuilder();
            foreach (var ch in text.Normalize(NormalizationForm.FormC))
            {
                b.Append(char.IsLetterOrDigit(ch) || ch is ' ' or '-' or '_' or '.' or ',' or '(' or ')' or '\'' or '&' ? ch : ' ');
            }

            var words = string.Join(' ', b.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)).Trim('.', ' ');
            return (words.Length > 60 ? words[..60].TrimEnd('.', ' ') : words) is { Length: > 0 } safe ? safe : "team";
        }

        return $"Customer survey poster \u2013 {Safe(touchpoint)} \u2013 {Safe(team)}.pdf";
    }

    private async Task LinkCardAsync(TurnContext turn, Caller caller, TenantSetup tenantSetup, TeamSetup team, Touchpoint touchpoint, bool replace, string? notice)
    {
        var questions = SurveyQuestions.For(tenantSetup, team.Id, touchpoint.Id, time.GetUtcNow())?.Questions ?? [];
        if (questions.Count == 0)
        {
            SurveyCardLog.Refused(logger, "no soft standards");
            await turn.TellAsync($"{touchpoint.Name} has no soft standards for {team.Name}, so a survey would have nothing to ask. Add one in **setup** first.");
            return;
        }

        if (await IssueAsync(turn, caller, team, touchpoint, replace) is not { } link)
        {
            return;
        }

        SurveyCardLog.Shown(logger, replace, questions.Count);
        await turn.ShowCardAsync(cards.Bind(CustomerVoiceNames.LinkTemplate, new LinkData(
            team.Id,
            CardText.Clip(team.Name, 100) ?? team.Id,
            new TouchpointData(touchpoint.Id, CardText.Clip(touchpoint.Name, 100) ?? touchpoint.Id),
            link.Url,
            SurveyQr.PngDataUri(link.Url),
            [.. questions.Select(q => new QuestionData(CardText.Clip(q.Wording, 300) ?? ""))],
            notice)));
    }

    /// <summary>The live link, or a new one; once per activity (a redelivery gets what the first delivery issued).</summary>
    private async Task<SurveyLink?> IssueAsync(TurnContext turn, Caller caller, TeamSetup team, Touchpoint touchpoint, bool replace)
    {
        var request = $"{caller.TenantId}|{turn.Activity.Id ?? Guid.NewGuid().ToString("N")}|{team.Id}|{touchpoint.Id}|{(replace ? "reissue" : "live")}";
        try
        {
            return await links.IssueOnceAsync(caller.TenantId, team.Id, touchpoint.Id, caller.UserId, request, replace, turn.CancellationToken);
        }
        catch (InvalidOperationException)
        {
            SurveyCardLog.LinksOff(logger);
            await turn.TellAsync(LinksOff);
            return null;
        }
    }

    /// <summary>The caller, fresh setup, and the card's team and touchpoint when they exist and the caller manages the team; else null after telling why.</summary>
    private async Task<(Caller Caller, TenantSetup Setup, TeamSetup Team, Touchpoint Touchpoint)?> CheckedAsync(TurnContext turn, string? teamId, string? touchpointId, bool reply = false)
    {
        Task Say(string text) => reply ? turn.ReplyAsync(text) : turn.TellAsync(text);
        if (Caller.Of(turn, logger, SurveyCardLog.NoCaller) is not { } caller)
        {
            await Say(UnknownCaller);
            return null;
        }

        // Fresh: this grants a right. The team is looked up in the caller's own tenant only.
        var tenantSetup = await setup.GetAsync(caller.TenantId, turn.CancellationToken);
        if (teamId is null || tenantSetup.FindTeam(teamId) is not { } team || touchpointId is null || tenantSetup.Journey.FirstOrDefault(t => t.Id == touchpointId) is not { } touchpoint)
        {
            SurveyCardLog.Refused(logger, "unknown team or touchpoint");
            await Say(setup.Roles.ManagedTeams(tenantSetup, caller).Count == 0 ? ManagersOnly : NotFound);
            return null;
        }

        if (!setup.Roles.CanManage(tenantSetup, team, caller))
        {
            SurveyCardLog.Refused(logger, "team not managed");
            await Say(setup.Roles.ManagedTeams(tenantSetup, caller).Count == 0 ? ManagersOnly : NotYourTeam);
            return null;
        }

        return (caller, tenantSetup, team, touchpoint);
    }

    /// <summary>The caller, the tenant's setup and the teams they manage (by name), or null after telling them why not.</summary>
    private async Task<(Caller Caller, TenantSetup Setup, IReadOnlyList<TeamSetup> Managed)?> ManagedAsync(TurnContext turn)
    {
        if (Caller.Of(turn, logger, SurveyCardLog.NoCaller) is not { } caller)
        {
            await turn.TellAsync(UnknownCaller);
            return null;
        }

        var tenantSetup = await setup.GetAsync(caller.TenantId, turn.CancellationToken);
        IReadOnlyList<TeamSetup> managed = [.. setup.Roles.ManagedTeams(tenantSetup, caller).OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase)];
        if (managed.Count == 0)
        {
            SurveyCardLog.Refused(logger, "not a manager");
            await turn.TellAsync(setup.Roles.IsAdmin(tenantSetup, caller) ? NoTeams : ManagersOnly);
            return null;
        }

        return (caller, tenantSetup, managed);
    }

    /// <summary>What followed the typed phrase ("customer survey Checkout": "Checkout"), or null.</summary>
    private static string? Argument(string? text)
    {
        var typed = (text ?? "").Trim();
        foreach (var phrase in CustomerVoiceNames.Phrases)
        {
            if (typed.StartsWith(phrase, StringComparison.OrdinalIgnoreCase) && (typed.Length == phrase.Length || char.IsWhiteSpace(typed[phrase.Length])))
            {
                // "for Checkout please": polite words and "for", "at" around the name are not part of it.
                var words = typed[phrase.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w.Trim('.', '!', '?', ':', ',', '"')).Where(w => w.Length > 0).ToList();
                while (words.Count > 0 && (words[0] is "for" or "at" or "of" || TypedCommands.IsOnlyWrappers(words[0])))
                {
                    words.RemoveAt(0);
                }

                while (words.Count > 0 && TypedCommands.IsOnlyWrappers(words[^1]))
                {
                    words.RemoveAt(words.Count - 1);
                }

                return words.Count == 0 ? null : string.Join(' ', words);
            }
        }

        return null;
    }

    /// <summary>A touchpoint's name as typed, forgivingly: case, spaces and punctuation aside, a start of it, or one or two typos.</summary>
    private static bool Matches(string name, string typed)
    {
        static string Key(string s) => new([.. s.ToLowerInvariant().Where(char.IsLetterOrDigit)]);
        var (n, t) = (Key(name), Key(typed));
        return t.Length > 0 && (n == t || (t.Length >= 3 && n.StartsWith(t, StringComparison.Ordinal)) || (t.Length >= 5 && TypedText.Distance(n, t, 2) <= 2));
    }

    private sealed record Choice(string Title, string Value);

    private sealed record PickData(string First, IReadOnlyList<Choice> Choices, string? NotOffered, string? Notice);

    private sealed record TouchpointData(string Id, string Name);

    private sealed record QuestionData(string Text);

    private sealed record LinkData(string TeamId, string TeamName, TouchpointData Touchpoint, string Url, string QrImage, IReadOnlyList<QuestionData> Questions, string? Notice);
}
