namespace CxBot.Benchmarks;

/// <summary>Table client against a bare HttpClient, on one Azurite, in one run.</summary>
internal static class StorageBenchmark
{
    public static Task<int> RunAsync(string[] args)
    {
        Console.Error.WriteLine("storage benchmark: not written yet");
        return Task.FromResult(1);
    }
}
