using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace CxBot.Hosting;

/// <summary>
/// <c>--help</c> (also <c>-h</c>, <c>-?</c>) on every command: System.CommandLine's description, usage, arguments and options,
/// then the command's examples, written as an admin would type them.
/// </summary>
internal sealed class CommandHelp
{
    private readonly Dictionary<Command, string[]> _examples = [];

    public CommandHelp()
    {
        Option = new HelpOption();
        Option.Action = new Action((HelpAction)Option.Action!, _examples);
    }

    /// <summary>The help option, given to the root command (it applies to every command under it).</summary>
    public HelpOption Option { get; }

    /// <summary>Adds examples to the help of <paramref name="command"/>.</summary>
    public void Examples(Command command, params string[] examples) => _examples[command] = examples;

    /// <summary>The default help, then the examples.</summary>
    internal sealed class Action(HelpAction help, IReadOnlyDictionary<Command, string[]> examples) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            help.Invoke(parseResult);
            if (examples.TryGetValue(parseResult.CommandResult.Command, out var lines))
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine("Examples:");
                foreach (var line in lines)
                {
                    output.WriteLine("  " + line);
                }

                output.WriteLine();
            }

            return CommandLine.Done;
        }
    }
}
