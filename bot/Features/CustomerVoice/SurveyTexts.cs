namespace CxBot.Features.CustomerVoice;

/// <summary>
/// The survey pages' fixed texts in one language (the questions themselves come from the setup). Add a language by adding an
/// entry to <see cref="ByLanguage"/>; <see cref="For"/> picks it from the organisation's language, and English otherwise.
/// </summary>
internal sealed record SurveyTexts(
    string Language,
    string Title,
    string Intro,
    string ScaleHint,
    string Low,
    string High,
    string CommentLabel,
    string CommentHint,
    string ConsentLabel,
    string ContactLabel,
    string ContactHint,
    string Send,
    string ThanksTitle,
    string Thanks,
    string AlreadyTitle,
    string Already,
    string UnknownTitle,
    string Unknown,
    string RevokedTitle,
    string Revoked,
    string ProblemTitle,
    string BackToSurvey,
    string OutOfRange,
    string NoScore,
    string UnknownQuestion,
    string CommentTooLong,
    string ContactMissing,
    string ContactTooLong,
    string FormExpired,
    string TooLarge,
    string TooManyTitle,
    string TooMany,
    string NoQuestionsTitle,
    string NoQuestions,
    string Unavailable)
{
    public static readonly SurveyTexts English = new(
        Language: "en",
        Title: "Tell us how we did",
        Intro: "It takes about 20 seconds, and you do not need to give your name.",
        ScaleHint: "1 = very poor, 5 = excellent",
        Low: "very poor",
        High: "excellent",
        CommentLabel: "Anything you would like to tell us? (optional)",
        CommentHint: "Up to {0} characters.",
        ConsentLabel: "May we contact you about this?",
        ContactLabel: "Your phone number or email address",
        ContactHint: "We use it only to contact you about this answer, and delete it after {0} days.",
        Send: "Send my answer",
        ThanksTitle: "Thank you",
        Thanks: "Your answer has reached the {0} team. It helps them see how they are doing.",
        AlreadyTitle: "We already have your answer",
        Already: "This answer was already sent, so we kept the first one. Thank you.",
        UnknownTitle: "This survey link does not work",
        Unknown: "We could not find this survey. Please check the link, or scan the code again.",
        RevokedTitle: "This survey has closed",
        Revoked: "This survey link is no longer in use. If you have a newer poster or receipt, please use its code.",
        ProblemTitle: "Please check your answer",
        BackToSurvey: "Back to the survey",
        OutOfRange: "Each score must be a number from 1 to 5.",
        NoScore: "Please choose a score for at least one question.",
        UnknownQuestion: "The survey has changed since you opened it. Please open it again.",
        CommentTooLong: "Your comment is longer than {0} characters. Please shorten it.",
        ContactMissing: "You ticked \"May we contact you about this?\": please give a phone number or email address, or untick the box.",
        ContactTooLong: "The contact details are longer than {0} characters.",
        FormExpired: "This form was open for too long. Please open the survey again.",
        TooLarge: "Your answer is too long to send.",
        TooManyTitle: "Too many answers",
        TooMany: "We received too many answers in a short time. Please try again later.",
        NoQuestionsTitle: "Nothing to answer here yet",
        NoQuestions: "This survey has no questions at the moment. Thank you for looking.",
        Unavailable: "We could not take your answer just now. Please try again in a minute.");

    private static readonly IReadOnlyDictionary<string, SurveyTexts> ByLanguage =
        new Dictionary<string, SurveyTexts>(StringComparer.OrdinalIgnoreCase) { ["en"] = English };

    /// <summary>The texts for a language tag ("en", "en-GB", "fr-FR": its first part); English when there are none.</summary>
    public static SurveyTexts For(string? language) =>
        language is { Length: > 0 } && ByLanguage.TryGetValue(language.Split('-')[0], out var texts) ? texts : English;
}
