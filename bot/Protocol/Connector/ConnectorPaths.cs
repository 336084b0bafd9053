namespace CxBot.Protocol.Connector;

/// <summary>Ids as path segments of connector URLs: escaped, and never empty or a dot segment, which would change the path itself.</summary>
internal static class ConnectorPaths
{
    /// <summary>True for <c>.</c>, <c>..</c> and longer runs of dots: <see cref="Uri"/> resolves <c>.</c> and <c>..</c> (escaped or not) as dot segments.</summary>
    public static bool IsDotSegment(string value) => value.Length > 0 && value.AsSpan().IndexOfAnyExcept('.') < 0;

    /// <summary><paramref name="value"/> escaped as one path segment.</summary>
    /// <exception cref="ArgumentException">The id is empty or made only of dots (the endpoint refuses such activities, so no turn gets here).</exception>
    public static string Segment(string value, string name) =>
        string.IsNullOrEmpty(value) || IsDotSegment(value)
            ? throw new ArgumentException($"The {name} is empty or made only of dots, so it cannot be a path segment.", name)
            : Uri.EscapeDataString(value);
}
