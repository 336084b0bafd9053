namespace CxBot.Cards;

/// <summary>An expression failed to evaluate; the binder decides, as the JS library does, whether that drops, substitutes or fails.</summary>
internal sealed class ExpressionException : Exception
{
    public ExpressionException()
    {
    }

    public ExpressionException(string message)
        : base(message)
    {
    }

    public ExpressionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
