namespace ConvLens.Dataset;

/// <summary>What <see cref="ActivationIndex.Merge"/> did.</summary>
/// <param name="Inputs">Index files read.</param>
/// <param name="Contexts">Contexts (model, layer, preprocessing, fitting) in the merged index.</param>
/// <param name="Images">Image entries read from the inputs.</param>
/// <param name="Duplicates">Entries that another input already had (the later modified time was kept).</param>
public sealed record IndexMergeResult(int Inputs, int Contexts, int Images, int Duplicates);
