namespace CxBot.Cards;

/// <summary>An expression failed to evaluate; or a value it needs is missing; the binder leaves out the element that needed it.</summary>
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
