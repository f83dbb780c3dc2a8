using System.CommandLine;

namespace TraceImport.Cli;

/// <summary>
/// Prints a shell's completion function for traceimport. The function asks traceimport itself, through
/// System.CommandLine's [suggest:POSITION] directive, what may follow the words typed so far (commands, options,
/// the values --output and --split accept), so it never falls behind the command line it completes.
/// </summary>
public static class CompletionCommand
{
    public const string Bash = """
        # traceimport completion for bash: source <(traceimport completion bash)
        _traceimport_complete() {
            local IFS=$'\n'
            local candidates
            candidates=$(traceimport "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null) || return
            COMPREPLY=($(compgen -W "${candidates}" -- "${COMP_WORDS[COMP_CWORD]}"))
        }
        complete -o default -F _traceimport_complete traceimport

        """;

    public const string Zsh = """
        # traceimport completion for zsh: source <(traceimport completion zsh)
        _traceimport_complete() {
            local -a candidates
            candidates=("${(@f)$(traceimport "[suggest:${CURSOR}]" "${BUFFER}" 2>/dev/null)}")
            compadd -a candidates || _files
        }
        compdef _traceimport_complete traceimport

        """;

    public static Command Create()
    {
        var shell = new Argument<string>("shell") { Description = "bash or zsh." };
        shell.AcceptOnlyFromAmong("bash", "zsh");
        var command = new Command("completion",
            "Print the shell function that completes traceimport's commands, options and their values with Tab; load it with source <(traceimport completion bash), or zsh.")
        {
            shell,
        };
        command.SetAction(result =>
        {
            Console.Out.Write(result.GetValue(shell) == "zsh" ? Zsh : Bash);
            return ExitCodes.Success;
        });
        return command;
    }
}
