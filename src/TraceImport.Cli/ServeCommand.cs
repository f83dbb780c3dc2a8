using System.CommandLine;
using TraceImport.Web;

namespace TraceImport.Cli;

public static class ServeCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port")
        {
            Description = "The port on 127.0.0.1 to serve on; 0 lets the system choose a free one.",
            DefaultValueFactory = _ => new LocalServerOptions().Port,
            HelpName = "N",
        };
        port.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 65535) result.AddError("--port must be between 0 and 65535");
        });
        var maxInput = new Option<double>("--max-input")
        {
            Description = "The largest pasted text the page accepts, in megabytes.",
            DefaultValueFactory = _ => new LocalServerOptions().MaxInputBytes / 1e6,
            HelpName = "MB",
        };
        maxInput.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is <= 0 or > 1000) result.AddError("--max-input must be more than 0 and at most 1000 (megabytes)");
        });
        var command = new Command("serve",
            "Serve a page on this machine where a pasted hex dump or trace is decoded: the packet list, each packet's fields " +
            "beside its bytes (point at either to see the other), the diagnosis, and the pcapng to download. It listens on " +
            "127.0.0.1 only, and the pasted text goes nowhere else. Ctrl+C stops it.")
        {
            port, maxInput,
        };
        command.SetAction(async (result, cancellation) =>
        {
            var options = new LocalServerOptions
            {
                Port = result.GetValue(port),
                MaxInputBytes = (long)(result.GetValue(maxInput) * 1e6),
                Application = $"traceimport {ConvertCommand.Version}",
            };
            LocalServer server;
            try
            {
                server = await LocalServer.StartAsync(options, cancellation);
            }
            catch (IOException e)
            {
                Console.Error.WriteLine($"traceimport: cannot serve on 127.0.0.1:{options.Port}: {e.Message}; choose another port with --port");
                return ExitCodes.Usage;
            }
            await using (server)
            {
                Console.WriteLine($"traceimport: the page is at {server.Address} (this machine only; Ctrl+C stops it)");
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellation);
                }
                catch (OperationCanceledException)
                {
                }
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
