namespace ConvLens.Circuits;

/// <summary>
/// What a value is made of, traced back through channel-preserving operators: the convolution whose
/// channels it carries, or the branches of the residual Add or Concat that make it.
/// </summary>
/// <param name="Value">The value traced (for the root: the value a convolution reads).</param>
/// <param name="DisplayName">Its name as users see it (Keras name or alias when it has one).</param>
/// <param name="Kind">Where the walk stopped.</param>
/// <param name="Path">The operators walked from <paramref name="Value"/> back, nearest first.</param>
/// <param name="StopValue">The output value of the node the walk stopped at (the Conv, Add, Concat or other operator); null at the graph input.</param>
/// <param name="LayerName">
/// The layer whose channels these are: for <see cref="InputSourceKind.Conv"/> the name of the layer the
/// convolution makes (its value after BatchNorm and activation, <c>block3_conv1</c> for VGG), otherwise
/// <paramref name="DisplayName"/>.
/// </param>
/// <param name="Branches">The branches of a join or concat, in input order.</param>
public sealed record InputSource(string Value, string DisplayName, InputSourceKind Kind, IReadOnlyList<string> Path,
    string? StopValue, string LayerName, IReadOnlyList<InputBranch> Branches)
{
    /// <summary>One line for people: <c>block3_conv1 (Conv 'block3_conv1_preact' → Relu)</c>, or a join's branches.</summary>
    public string Describe() => Kind switch
    {
        InputSourceKind.Conv => $"{LayerName} (Conv '{StopValue}'{Via()})",
        InputSourceKind.Join => $"{DisplayName} = residual sum '{StopValue}'{Via()} of " + string.Join(" + ", Branches.Select(b => $"[{b.Source.Describe()}]")),
        InputSourceKind.Concat => $"{DisplayName} = Concat '{StopValue}'{Via()} of " +
            string.Join(", ", Branches.Select(b => $"channels {b.FirstChannel}–{b.FirstChannel + b.Channels - 1}: [{b.Source.Describe()}]")),
        InputSourceKind.GraphInput => $"{DisplayName} (the network input{Via()})",
        _ => $"{DisplayName} (from {StopValue}{Via()})",
    };

    private string Via() => Path.Count == 0 ? "" : " → " + string.Join(" → ", Path.Reverse().Select(p => p.Split(' ')[0]));
}
