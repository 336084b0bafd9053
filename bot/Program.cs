using CxBot.Hosting;

// `setup …`, `scorecard …`, `manifest …` and `--help` run a command and exit without starting the web server (Hosting/CommandLine.cs).
if (await CommandLine.TryRunAsync(args))
{
    return;
}

var builder = WebApplication.CreateBuilder(args);
builder.AddCxBot();

var app = builder.Build();
app.MapCxBot();
await app.RunAsync();

/// <summary>Entry point; partial so tests can host it with <c>WebApplicationFactory</c>.</summary>
public partial class Program;
