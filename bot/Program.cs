using CxBot.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddCxBot();

var app = builder.Build();
app.MapCxBot();
app.Run();

/// <summary>Entry point; partial so tests can host it with <c>WebApplicationFactory</c>.</summary>
public partial class Program;
