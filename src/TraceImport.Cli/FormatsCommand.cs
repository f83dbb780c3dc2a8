using System.CommandLine;
using TraceImport.Grammars;

namespace TraceImport.Cli;

public static class FormatsCommand
{
    public static Command Create()
    {
        var command = new Command("formats", "List the grammars, one line each; their names go to --format.");
        command.SetAction(_ =>
        {
            foreach (var format in FormatRegistry.All) Console.WriteLine($"{format.Name,-11} {format.Description}");
            return ExitCodes.Success;
        });
        return command;
    }
}
