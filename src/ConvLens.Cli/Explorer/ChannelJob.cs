namespace ConvLens.Cli.Explorer;

/// <summary>One channel's computation: started once, polled by every page that shows it.</summary>
/// <param name="Layer">The layer's display name.</param>
/// <param name="Channel">The channel.</param>
/// <param name="Progress">Where it stands.</param>
/// <param name="Result">The analysis, when it finishes.</param>
internal sealed record ChannelJob(string Layer, int Channel, JobProgress Progress, Task<ChannelAnalysis> Result);
