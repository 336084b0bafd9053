using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace CxBot.Features.CustomerVoice;

/// <summary>One question of the survey: its standard id and the wording the customer reads.</summary>
internal sealed record SurveyQuestion(string StandardId, string Wording);

/// <summary>What the survey form shows: where, the questions, and the signed nonce that makes its answer count once.</summary>
internal sealed record SurveyForm(string Where, IReadOnlyList<SurveyQuestion> Questions, string Nonce, int RetentionDays);

/// <summary>
/// The survey's HTML, written here with every piece of text encoded (setup names and customer text are data): the form, the
/// thank-you page and the plain pages that say why not. No script at all; the one style sheet is inline and allowed by its
/// hash in the Content-Security-Policy (<see cref="StyleHash"/>), so a page is one request of a few kilobytes.
/// </summary>
internal static class SurveyPage
{
    /// <summary>Phone first: one column, 48 px touch targets, 16 px text, a visible focus ring, contrast above 4.5:1.</summary>
    public const string Css =
        "*{box-sizing:border-box}" +
        "body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1b1b1b;background:#f5f5f2}" +
        "main{max-width:36rem;margin:0 auto;padding:1rem 1rem 2rem;background:#fff;min-height:100vh}" +
        "h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0}" +
        ".where{margin:0 0 .25rem;color:#3d3d3d;font-weight:600}" +
        "fieldset{border:1px solid #8a8a8a;border-radius:8px;margin:1rem 0;padding:.75rem}" +
        "legend{font-weight:600;padding:0 .25rem}" +
        ".ends{margin:.25rem 0 .5rem;color:#3d3d3d;font-size:.9375rem}" +
        ".scale{display:flex;gap:.375rem}" +
        ".scale>span{flex:1;position:relative}" +
        ".scale input{position:absolute;opacity:0;width:100%;height:100%;margin:0;pointer-events:none}" +
        ".scale label{display:flex;align-items:center;justify-content:center;min-height:48px;border:2px solid #5c5c5c;border-radius:8px;font-weight:700;font-size:1.125rem;cursor:pointer}" +
        ".scale input:checked+label{background:#0b5cad;border-color:#0b5cad;color:#fff}" +
        "input:focus-visible+label,textarea:focus-visible,.contact input:focus-visible,button:focus-visible,.consent input:focus-visible{outline:3px solid #1b1b1b;outline-offset:2px}" +
        ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}" +
        "label.block{display:block;font-weight:600;margin:1rem 0 .25rem}" +
        "textarea,.contact input{display:block;width:100%;font:inherit;padding:.625rem;border:2px solid #5c5c5c;border-radius:8px;color:#1b1b1b;background:#fff}" +
        "textarea{min-height:7rem}" +
        ".hint{margin:.25rem 0;color:#3d3d3d;font-size:.9375rem}" +
        ".consent{display:flex;flex-wrap:wrap;align-items:center;gap:.75rem;margin:1rem 0 0;min-height:48px}" +
        ".consent input{width:28px;height:28px;margin:0;flex:none}" +
        ".consent label{font-weight:600}" +
        ".contact{display:none;flex-basis:100%}" +
        "#consent:checked~.contact{display:block}" +
        "button,a.button{display:block;width:100%;min-height:48px;margin:1.5rem 0 0;border:0;border-radius:8px;background:#0b5cad;color:#fff;font:inherit;font-weight:700;font-size:1.125rem;text-align:center;text-decoration:none;padding:.75rem;cursor:pointer}" +
        "a{color:#0b5cad}";

    /// <summary>The CSP source that allows exactly <see cref="Css"/> (and no other inline style).</summary>
    public static readonly string StyleHash = "'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Css))) + "'";

    /// <summary>The survey form.</summary>
    public static string Form(SurveyTexts texts, SurveyForm form)
    {
        var html = new StringBuilder(4096);
        Head(html, texts, texts.Title);
        html.Append("<p class=\"where\">").Append(E(form.Where)).Append("</p><h1>").Append(E(texts.Title)).Append("</h1><p>").Append(E(texts.Intro)).Append("</p>");
        html.Append("<form method=\"post\"><input type=\"hidden\" name=\"").Append(CustomerVoiceNames.NonceField).Append("\" value=\"").Append(E(form.Nonce)).Append("\">");
        for (var q = 0; q < form.Questions.Count; q++)
        {
            var question = form.Questions[q];
            var name = CustomerVoiceNames.ScorePrefix + question.StandardId;
            var id = "q" + q.ToString(CultureInfo.InvariantCulture);
            html.Append("<fieldset aria-describedby=\"").Append(id).Append("h\"><legend>").Append(E(question.Wording)).Append("</legend>")
                .Append("<p class=\"ends\" id=\"").Append(id).Append("h\">").Append(E(texts.ScaleHint)).Append("</p><div class=\"scale\">");
            for (var score = 1; score <= 5; score++)
            {
                var radio = id + "s" + score.ToString(CultureInfo.InvariantCulture);
                html.Append("<span><input type=\"radio\" id=\"").Append(radio).Append("\" name=\"").Append(E(name)).Append("\" value=\"").Append(score).Append('"')
                    .Append(" required><label for=\"").Append(radio).Append("\">").Append(score);
                if (score is 1 or 5)
                {
                    html.Append("<span class=\"sr\"> = ").Append(E(score == 1 ? texts.Low : texts.High)).Append("</span>");
                }

                html.Append("</label></span>");
            }

            html.Append("</div></fieldset>");
        }

        html.Append("<label class=\"block\" for=\"comment\">").Append(E(texts.CommentLabel)).Append("</label>")
            .Append("<textarea id=\"comment\" name=\"").Append(CustomerVoiceNames.CommentField).Append("\" maxlength=\"").Append(CustomerVoiceNames.MaxComment)
            .Append("\" aria-describedby=\"comment-hint\"></textarea><p class=\"hint\" id=\"comment-hint\">")
            .Append(E(Format(texts.CommentHint, CustomerVoiceNames.MaxComment))).Append("</p>");
        html.Append("<div class=\"consent\"><input type=\"checkbox\" id=\"consent\" name=\"").Append(CustomerVoiceNames.ConsentField).Append("\" value=\"yes\">")
            .Append("<label for=\"consent\">").Append(E(texts.ConsentLabel)).Append("</label>")
            .Append("<div class=\"contact\"><label class=\"block\" for=\"contact\">").Append(E(texts.ContactLabel)).Append("</label>")
            .Append("<input type=\"text\" id=\"contact\" name=\"").Append(CustomerVoiceNames.ContactField).Append("\" maxlength=\"").Append(CustomerVoiceNames.MaxContact)
            .Append("\" autocomplete=\"email\" aria-describedby=\"contact-hint\"><p class=\"hint\" id=\"contact-hint\">")
            .Append(E(Format(texts.ContactHint, form.RetentionDays))).Append("</p></div></div>");
        html.Append("<button type=\"submit\">").Append(E(texts.Send)).Append("</button></form>");
        return Foot(html);
    }

    /// <summary>A page that only says something: thanks, or why not, with a link back to the survey when trying again can help.</summary>
    public static string Message(SurveyTexts texts, string title, string message, string? backHref = null)
    {
        var html = new StringBuilder(1024);
        Head(html, texts, title);
        html.Append("<h1>").Append(E(title)).Append("</h1><p>").Append(E(message)).Append("</p>");
        if (backHref is not null)
        {
            html.Append("<p><a class=\"button\" href=\"").Append(E(backHref)).Append("\">").Append(E(texts.BackToSurvey)).Append("</a></p>");
        }

        return Foot(html);
    }

    public static string Format(string text, object value) => string.Format(CultureInfo.InvariantCulture, text, value);

    private static void Head(StringBuilder html, SurveyTexts texts, string title) =>
        html.Append("<!DOCTYPE html><html lang=\"").Append(E(texts.Language)).Append("\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>").Append(E(title)).Append("</title>")
            .Append("<style>").Append(Css).Append("</style></head><body><main>");

    private static string Foot(StringBuilder html) => html.Append("</main></body></html>").ToString();

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
