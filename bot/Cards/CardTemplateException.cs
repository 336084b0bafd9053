namespace CxBot.Cards;

/// <summary>A card template is missing, cannot be parsed, or cannot be bound to the data given.</summary>
public sealed class CardTemplateException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CardTemplateException()
    {
    }

    /// <summary>Creates the exception with a message that names the template.</summary>
    public CardTemplateException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message that names the template, and its cause.</summary>
    public CardTemplateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
