using ConvLens.Cli;

return CliApp.Run(args);
