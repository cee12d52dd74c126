namespace ConvLens.Circuits;

/// <summary>One branch of a join or concat in an <see cref="InputSource"/>.</summary>
/// <param name="FirstChannel">The first channel of the joined value this branch provides (0 for a residual Add, whose branches all span every channel).</param>
/// <param name="Channels">How many channels it provides.</param>
/// <param name="Source">Where the branch itself comes from.</param>
public sealed record InputBranch(int FirstChannel, int Channels, InputSource Source);
