namespace CxBot.Cards;

/// <summary>What paths resolve against while binding: <c>$root</c>, the current <c>$data</c> and <c>$index</c>.</summary>
internal sealed record Scope(object? Root, object? Data, object? Index)
{
    public static Scope ForRoot(object? root) => new(root, root, Undefined.Value);
}
