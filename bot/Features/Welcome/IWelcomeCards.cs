using System.Text.Json.Nodes;

namespace CxBot.Features.Welcome;

/// <summary>
/// Binds a card template by name (same shape as <c>CxBot.Cards.CardTemplates.Bind</c>); the welcome and help
/// cards come only from the templates in <c>cards/</c>.
/// </summary>
public interface IWelcomeCards
{
    /// <summary>Binds template <paramref name="name"/> with <paramref name="data"/>.</summary>
    JsonObject Bind(string name, object? data);
}
