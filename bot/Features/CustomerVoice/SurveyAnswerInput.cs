using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace CxBot.Features.CustomerVoice;

/// <summary>A posted answer read and checked against the questions asked: the scores, the comment, the contact (only with consent), or why it is refused.</summary>
internal sealed record SurveyAnswerInput(IReadOnlyDictionary<string, int> Scores, string? Comment, string? Contact, string? Problem)
{
    /// <summary>
    /// Reads the form: every score field must name a question asked and hold one whole number from 1 to 5, at least one must be
    /// given; the comment at most <see cref="CustomerVoiceNames.MaxComment"/> characters (a line break counts as one); the contact
    /// is read only when the consent box was ticked, and is then required.
    /// </summary>
    public static SurveyAnswerInput Read(IReadOnlyDictionary<string, StringValues> form, IReadOnlyList<SurveyQuestion> questions, SurveyTexts texts)
    {
        var asked = questions.Select(q => q.StandardId).ToHashSet(StringComparer.Ordinal);
        var scores = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (name, values) in form)
        {
            if (!name.StartsWith(CustomerVoiceNames.ScorePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var standard = name[CustomerVoiceNames.ScorePrefix.Length..];
            if (!asked.Contains(standard))
            {
                return Refuse(texts.UnknownQuestion);
            }

            if (values.Count != 1 || !int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var score) || score is < 1 or > 5)
            {
                return Refuse(texts.OutOfRange);
            }

            scores[standard] = score;
        }

        if (scores.Count == 0)
        {
            return Refuse(texts.NoScore);
        }

        var comment = Text(form, CustomerVoiceNames.CommentField);
        if (comment?.Length > CustomerVoiceNames.MaxComment)
        {
            return Refuse(SurveyPage.Format(texts.CommentTooLong, CustomerVoiceNames.MaxComment));
        }

        string? contact = null;
        if (form.TryGetValue(CustomerVoiceNames.ConsentField, out var consent) && consent.Count > 0 && consent[0] == "yes")
        {
            contact = Text(form, CustomerVoiceNames.ContactField);
            if (contact is null)
            {
                return Refuse(texts.ContactMissing);
            }

            if (contact.Length > CustomerVoiceNames.MaxContact)
            {
                return Refuse(SurveyPage.Format(texts.ContactTooLong, CustomerVoiceNames.MaxContact));
            }
        }

        return new SurveyAnswerInput(scores, comment, contact, null);
    }

    private static SurveyAnswerInput Refuse(string problem) => new(new Dictionary<string, int>(), null, null, problem);

    /// <summary>The field's text with line breaks as <c>\n</c> and control characters other than line breaks and tabs dropped, trimmed; null when empty.</summary>
    private static string? Text(IReadOnlyDictionary<string, StringValues> form, string name)
    {
        if (!form.TryGetValue(name, out var values) || values.Count == 0 || values[0] is not { } raw)
        {
            return null;
        }

        var text = new string([.. raw.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Where(c => !char.IsControl(c) || c is '\n' or '\t')]).Trim();
        return text.Length == 0 ? null : text;
    }
}
