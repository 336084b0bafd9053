namespace CxBot.Protocol;

/// <summary>Entra object ids in one spelling (lower-case GUID), however Teams, a card or a setting wrote them, so ids compare and key rows alike.</summary>
public static class AadObjectIds
{
    /// <summary>A GUID as lower-case <c>D</c> format; anything else trimmed and kept (local clients send ids such as <c>user-id-0</c>).</summary>
    public static string Normalise(string id) => Guid.TryParse(id, out var guid) ? guid.ToString("D") : id.Trim();
}
