namespace CxBot.Protocol.FileConsent;

/// <summary>Teams' file consent wire strings: the invoke, the two card types and the context field that names the sender.</summary>
internal static class FileConsentNames
{
    /// <summary>Teams' answer to a file consent card (the user accepted or declined the upload).</summary>
    public const string Invoke = "fileConsent/invoke";
    public const string ConsentCard = "application/vnd.microsoft.teams.card.file.consent";
    public const string InfoCard = "application/vnd.microsoft.teams.card.file.info";

    /// <summary>The field of <c>acceptContext</c>/<c>declineContext</c> that says which handler the answer is for.</summary>
    public const string KindField = "kind";

    /// <summary>The field older ideas consent cards carried instead of <see cref="KindField"/>; still honoured.</summary>
    public const string LegacyKindField = "export";

    public const string Accept = "accept";
    public const string UploadClientName = "CxBot.FileConsentUpload";

    /// <summary>The file's consent card reached the caller's personal chat.</summary>
    public const string Sent = "I've sent the CSV to our personal chat: accept it there to save it to your OneDrive.";

    /// <summary>CxBot has no personal chat with the caller to send the consent card to.</summary>
    public const string NoChat = "I can't reach you in a personal chat yet. Open a chat with CxBot, then try again.";

    public const string Declined = "OK, no export saved.";
    public const string UploadRefused = "I couldn't save the export there. Please try again.";
}
