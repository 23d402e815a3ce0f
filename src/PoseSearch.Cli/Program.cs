using PoseSearch.Cli.CommandLine;

return await PosesearchCommand.InvokeAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
