using System.Diagnostics;

namespace CxBot.Testing;

/// <summary>
/// The last lines a child process printed (stdout and stderr, interleaved), for failure messages. Bounded: a server that
/// prints a line per request (Azurite's access log, a bot's request log) under a long load must not grow the rig's memory.
/// </summary>
public sealed class ProcessOutput(int maxLines = ProcessOutput.DefaultMaxLines)
{
    public const int DefaultMaxLines = 400;

    private readonly Queue<string> _lines = new();
    private long _dropped;

    /// <summary>Starts reading both streams of a process started with them redirected.</summary>
    public void Attach(Process process)
    {
        process.OutputDataReceived += (_, e) => Add(e.Data);
        process.ErrorDataReceived += (_, e) => Add(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Adds a line (null, the end of a stream, is ignored), dropping the oldest beyond the limit.</summary>
    public void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lines)
        {
            _lines.Enqueue(line);
            if (_lines.Count > maxLines)
            {
                _lines.Dequeue();
                _dropped++;
            }
        }
    }

    /// <summary>The lines kept, one per line; says how many earlier lines were dropped, if any.</summary>
    public override string ToString()
    {
        lock (_lines)
        {
            var kept = string.Join('\n', _lines);
            return _dropped == 0 ? kept : $"({_dropped} earlier lines not kept)\n{kept}";
        }
    }
}
