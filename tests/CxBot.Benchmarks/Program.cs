// Benchmark programs (not tests): `dotnet run -c Release --project tests/CxBot.Benchmarks -- <name>`.
// Each prints its figures as a Markdown table for the README.
using CxBot.Benchmarks;

var benchmarks = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.OrdinalIgnoreCase)
{
    ["storage"] = StorageBenchmark.RunAsync,
    ["messages"] = MessagesBenchmark.RunAsync,
    ["ideas"] = IdeasBenchmark.RunAsync,
    ["incidents"] = IncidentsBenchmark.RunAsync,
    ["sending"] = SendingBenchmark.RunAsync,
    ["install-storm"] = InstallStormBenchmark.RunAsync,
    ["checkins"] = CheckinsBenchmark.RunAsync,
    ["scorecards"] = ScorecardsBenchmark.RunAsync,
    ["load"] = HardeningLoadBenchmark.RunAsync,
    ["storage-outage"] = HardeningLoadBenchmark.OutageAsync,
    ["survey"] = SurveyBenchmark.RunAsync,
};

if (args.Length == 0 || !benchmarks.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine("usage: CxBot.Benchmarks <" + string.Join('|', benchmarks.Keys) + "> [options]");
    return 2;
}

return await run(args[1..]);
