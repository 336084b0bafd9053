using System.Text;
using CxBot.Features.Setup;
using CxBot.Storage;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace CxBot.Features.CustomerVoice;

/// <summary>
/// <c>GET /s/{token}</c> draws the survey of the token's team and touchpoint; <c>POST /s/{token}</c> takes its answer. Checked
/// in this order, cheapest first, so what is refused costs little and stores nothing: the client's limit (429), the token's
/// signature (404), the link's limit (429), the link's stored state (404 unknown, 410 revoked), the body's size (413), the
/// form's signed nonce and age, then every field (400). An answer is stored once per form (409 after). Every page carries the
/// security headers of <see cref="SurveyHeaders"/>.
/// </summary>
internal sealed class SurveyEndpoint(
    SurveyLinkStore links,
    SurveyAnswerStore answers,
    SurveySigning signing,
    SurveyLimits limits,
    SurveyRecovery recovery,
    SetupService setup,
    IOptions<CustomerVoiceOptions> options,
    TimeProvider time,
    ILogger<SurveyEndpoint> logger)
{
    /// <summary>How far in the future a form's time may be (clocks of two instances differ a little).</summary>
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);

    public async Task ShowAsync(HttpContext http, string token)
    {
        var texts = SurveyTexts.English;
        if (!limits.TryPage(http.Connection.RemoteIpAddress))
        {
            Log.Limited(logger, "pages per client");
            await WriteAsync(http, StatusCodes.Status429TooManyRequests, SurveyPage.Message(texts, texts.TooManyTitle, texts.TooMany));
            return;
        }

        try
        {
            if (await OpenLinkAsync(http, token, texts) is not var (claims, tenant))
            {
                return;
            }

            texts = Texts(tenant);
            var now = time.GetUtcNow();
            if (SurveyQuestions.For(tenant, claims.TeamId, claims.TouchpointId, now) is not { } survey)
            {
                Log.Refused(logger, "team or touchpoint no longer set up");
                await WriteAsync(http, StatusCodes.Status404NotFound, SurveyPage.Message(texts, texts.UnknownTitle, texts.Unknown));
                return;
            }

            if (survey.Questions.Count == 0)
            {
                await WriteAsync(http, StatusCodes.Status200OK, SurveyPage.Message(texts, texts.NoQuestionsTitle, texts.NoQuestions));
                return;
            }

            var form = new SurveyForm(Where(tenant, survey.Team, survey.Touchpoint), survey.Questions, signing.FormNonce(claims.LinkId, now), (int)options.Value.ContactRetention.TotalDays);
            Log.Shown(logger, survey.Questions.Count);
            await WriteAsync(http, StatusCodes.Status200OK, SurveyPage.Form(texts, form));
        }
        catch (TableStorageException e)
        {
            Log.StorageFailed(logger, e.Status);
            await WriteAsync(http, StatusCodes.Status503ServiceUnavailable, SurveyPage.Message(texts, texts.ProblemTitle, texts.Unavailable));
        }
    }

    public async Task AnswerAsync(HttpContext http, string token)
    {
        var texts = SurveyTexts.English;
        if (!limits.TryAnswerFromClient(http.Connection.RemoteIpAddress))
        {
            Log.Limited(logger, "answers per client");
            await WriteAsync(http, StatusCodes.Status429TooManyRequests, SurveyPage.Message(texts, texts.TooManyTitle, texts.TooMany));
            return;
        }

        if (signing.ReadToken(token) is not { } signed)
        {
            await RefuseLinkAsync(http, new LinkCheck(LinkRefusal.Unknown, null), texts);
            return;
        }

        if (!limits.TryAnswerForLink(signed.LinkId))
        {
            Log.Limited(logger, "answers per link");
            await WriteAsync(http, StatusCodes.Status429TooManyRequests, SurveyPage.Message(texts, texts.TooManyTitle, texts.TooMany));
            return;
        }

        try
        {
            if (await OpenLinkAsync(http, token, texts) is not var (claims, tenant))
            {
                return;
            }

            texts = Texts(tenant);
            var back = CustomerVoiceNames.PathPrefix + token;
            if (await ReadFormAsync(http) is not { } form)
            {
                await ProblemAsync(http, StatusCodes.Status413PayloadTooLarge, texts, texts.TooLarge, null);
                return;
            }

            var now = time.GetUtcNow();
            var nonce = signing.ReadFormNonce(form.TryGetValue(CustomerVoiceNames.NonceField, out var n) ? n.ToString() : null);
            if (nonce is null || nonce.LinkId != claims.LinkId || nonce.IssuedAt > now + Skew || now - nonce.IssuedAt > options.Value.FormLifetime)
            {
                await ProblemAsync(http, StatusCodes.Status400BadRequest, texts, texts.FormExpired, back);
                return;
            }

            if (SurveyQuestions.For(tenant, claims.TeamId, claims.TouchpointId, now) is not { } survey)
            {
                await ProblemAsync(http, StatusCodes.Status404NotFound, texts, texts.Unknown, null);
                return;
            }

            var input = SurveyAnswerInput.Read(form, survey.Questions, texts);
            if (input.Problem is { } problem)
            {
                await ProblemAsync(http, StatusCodes.Status400BadRequest, texts, problem, back);
                return;
            }

            var answer = new SurveyAnswer(nonce.Id, claims.TenantId, claims.TeamId, claims.TouchpointId, claims.LinkId,
                SurveyQuestions.Monday(survey.Team.TimeZone, nonce.IssuedAt), now, input.Scores, input.Comment, input.Contact);
            if (!await answers.AddAsync(answer, http.RequestAborted))
            {
                Log.Refused(logger, "answer already stored");
                await WriteAsync(http, StatusCodes.Status409Conflict, SurveyPage.Message(texts, texts.AlreadyTitle, texts.Already));
                return;
            }

            Log.Stored(logger, input.Scores.Count, input.Comment is not null, input.Contact is not null);
            if (SurveyRecovery.Wanted(answer.Scores, answer.Comment, answer.Contact))
            {
                await QueueRecoveryAsync(tenant, survey.Team, answer);
            }

            await WriteAsync(http, StatusCodes.Status200OK, SurveyPage.Message(texts, texts.ThanksTitle, SurveyPage.Format(texts.Thanks, survey.Team.Name)));
        }
        catch (TableStorageException e)
        {
            Log.StorageFailed(logger, e.Status);
            await WriteAsync(http, StatusCodes.Status503ServiceUnavailable, SurveyPage.Message(texts, texts.ProblemTitle, texts.Unavailable));
        }
    }

    /// <summary>Queues the recovery card (a job row, sent later by the send engine); a storage failure is logged, and the customer is still thanked: their answer is stored.</summary>
    private async Task QueueRecoveryAsync(TenantSetup tenant, TeamSetup team, SurveyAnswer answer)
    {
        try
        {
            // Not the request's token: once the answer is stored, its card is queued even if the customer's phone went away.
            if (await recovery.QueueAsync(tenant, team, answer, CancellationToken.None))
            {
                Log.RecoveryQueued(logger, recovery.Recipients(tenant, team).Count);
            }
            else
            {
                Log.RecoveryNotQueued(logger, "the team has no manager and the organisation no admin");
            }
        }
        catch (TableStorageException e)
        {
            Log.RecoveryNotQueued(logger, "storage failed (" + e.Status + ")");
        }
    }

    private async Task RefuseLinkAsync(HttpContext http, LinkCheck check, SurveyTexts texts)
    {
        Log.Refused(logger, check.Refusal == LinkRefusal.Revoked ? "link revoked" : "link unknown or forged");
        await (check.Refusal == LinkRefusal.Revoked
            ? WriteAsync(http, StatusCodes.Status410Gone, SurveyPage.Message(texts, texts.RevokedTitle, texts.Revoked))
            : WriteAsync(http, StatusCodes.Status404NotFound, SurveyPage.Message(texts, texts.UnknownTitle, texts.Unknown)));
    }

    private async Task ProblemAsync(HttpContext http, int status, SurveyTexts texts, string problem, string? back)
    {
        Log.Refused(logger, "answer not valid (" + status + ")");
        await WriteAsync(http, status, SurveyPage.Message(texts, texts.ProblemTitle, problem, back));
    }

    /// <summary>The form's fields, or null when the body is over <see cref="CustomerVoiceNames.MaxBodyBytes"/> (then it is not read further).</summary>
    private static async Task<Dictionary<string, Microsoft.Extensions.Primitives.StringValues>?> ReadFormAsync(HttpContext http)
    {
        if (http.Request.ContentLength > CustomerVoiceNames.MaxBodyBytes)
        {
            return null;
        }

        var buffer = new byte[CustomerVoiceNames.MaxBodyBytes + 1];
        var read = 0;
        int got;
        while (read < buffer.Length && (got = await http.Request.Body.ReadAsync(buffer.AsMemory(read), http.RequestAborted)) > 0)
        {
            read += got;
        }

        if (read > CustomerVoiceNames.MaxBodyBytes)
        {
            return null;
        }

        return new FormReader(Encoding.UTF8.GetString(buffer, 0, read)) { ValueCountLimit = 64 }.ReadForm();
    }

    private static string Where(TenantSetup tenant, TeamSetup team, Touchpoint touchpoint) =>
        string.Join(" \u00b7 ", new[] { tenant.Organisation?.Name, team.Name, touchpoint.Name }.Where(s => !string.IsNullOrWhiteSpace(s)));

    /// <summary>The organisation's language, when the setup has one: English until it does.</summary>
    /// <summary>The working link's claims and its tenant's setup; null when the link does not work (its refusal page written).</summary>
    private async Task<(SurveyTokenClaims Claims, TenantSetup Tenant)?> OpenLinkAsync(HttpContext http, string token, SurveyTexts texts)
    {
        var check = await links.CheckAsync(token, http.RequestAborted);
        if (!check.Works)
        {
            await RefuseLinkAsync(http, check, texts);
            return null;
        }

        return (check.Claims!, await setup.GetRecentAsync(check.Claims!.TenantId, http.RequestAborted));
    }

    private static SurveyTexts Texts(TenantSetup tenant) => SurveyTexts.For(null);

    private static Task WriteAsync(HttpContext http, int status, string html)
    {
        http.Response.StatusCode = status;
        SurveyHeaders.Apply(http);
        http.Response.ContentType = "text/html; charset=utf-8";
        return http.Response.WriteAsync(html, http.RequestAborted);
    }
}
