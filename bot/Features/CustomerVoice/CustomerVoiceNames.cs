namespace CxBot.Features.CustomerVoice;

/// <summary>The customer survey's wire strings: routes, tables and form field names, each in one place.</summary>
internal static class CustomerVoiceNames
{
    /// <summary>The survey page's path: this and the link's token (<c>/s/{token}</c>).</summary>
    public const string PathPrefix = "/s/";

    /// <summary>Links and which one is live per team and touchpoint, partition per tenant (see <see cref="SurveyLinkStore"/>).</summary>
    public const string LinksTable = "SurveyLinks";

    /// <summary>One row per answer, partition per tenant, team and week (see <see cref="SurveyAnswerStore"/>).</summary>
    public const string AnswersTable = "SurveyAnswers";

    /// <summary>The form's fields: the nonce, a score per standard (this prefix and the standard id), the comment, consent and contact.</summary>
    public const string NonceField = "n";
    public const string ScorePrefix = "q_";
    public const string CommentField = "comment";
    public const string ConsentField = "consent";
    public const string ContactField = "contact";

    /// <summary>The longest comment and contact kept (characters, line breaks counted as one).</summary>
    public const int MaxComment = 1000;
    public const int MaxContact = 200;

    /// <summary>The largest form body read (bytes); a bigger one is refused unread.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    /// <summary>The recovery card to the team's managers, and its verbs (the card's data names the answer; nothing else is trusted).</summary>
    public const string RecoveryTemplate = "customervoice/recovery";
    public const string RecoveryRefresh = "customervoice.recovery.refresh";
    public const string RecoveryIncident = "customervoice.recovery.incident";
    public const string RecoveryFollowUp = "customervoice.recovery.followup";

    /// <summary>Typed by a manager: the survey link, QR code and poster of a team's touchpoint (what the home card's button runs).</summary>
    public const string Command = "customer survey";

    /// <summary>Other ways of saying it. Phrases, not commands: Teams' command menus are full (10 per scope). Longest first.</summary>
    public static readonly IReadOnlyList<string> Phrases =
    [
        "customer survey link", "customer survey poster", "customer surveys", Command, "survey qr code", "survey link", "survey poster", "survey qr",
    ];

    /// <summary>Card verbs: the link card of the picked touchpoint, its poster, and a new link in place of the live one.</summary>
    public const string Show = "customervoice.show";
    public const string Poster = "customervoice.poster";
    public const string Reissue = "customervoice.reissue";

    /// <summary>The file consent kind of the poster (its bytes are made again, for the live link, when the manager accepts).</summary>
    public const string PosterKind = "customervoice.poster";

    public const string PickTemplate = "customervoice/pick";
    public const string LinkTemplate = "customervoice/survey-link";

    /// <summary>The pick card's choice: <c>{teamId}|{touchpointId}</c>.</summary>
    public const string PickField = "pick";
}
