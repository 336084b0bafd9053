using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Testing;

/// <summary>Meter factories for classes built by hand in tests (the app gets its own from the host).</summary>
public static class TestMeters
{
    private static readonly Lazy<IMeterFactory> Shared = new(Create);

    /// <summary>One factory for hand-built classes whose measurements no test reads.</summary>
    public static IMeterFactory Factory => Shared.Value;

    /// <summary>A factory of its own, so a <see cref="MeterRecorder"/> on its meter sees this test's measurements only.</summary>
    public static IMeterFactory Create() => new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();
}
