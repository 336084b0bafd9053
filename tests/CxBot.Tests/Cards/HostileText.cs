namespace CxBot.Tests.Cards;

/// <summary>Text a user might type that a careless binder would evaluate, break the JSON with, or turn into elements.</summary>
internal static class HostileText
{
    public static readonly string[] All =
    [
        "${secret}",
        "${$root.secret}",
        "${if(true, 'evaluated', 'not')}",
        "She said \"hi\" and 'bye'",
        @"C:\temp\new \u0041 \\ \",
        "line one\nline two\r\nline three",
        "<at>Bob</at> please look",
        "[click me](http://evil.example) and **bold**",
        "Thanks 👍🏽 👩‍👩‍👧 🦄",
        "\"}], \"body\": [{\"type\": \"Input.Text\", \"id\": \"x\"}], \"x\": \"",
        "{\"$when\": \"${false}\"} `tick` ${ unclosed",
    ];
}
