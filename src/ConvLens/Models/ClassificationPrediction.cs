namespace ConvLens.Models;

/// <summary>
/// One entry of a top-k decoding, like a tuple of Keras's <c>decode_predictions</c>: the class and the
/// probability the model gives it.
/// </summary>
/// <param name="Index">Position of the class in the model's output vector.</param>
/// <param name="Name">Short name of the class.</param>
/// <param name="Description">Full description of the class.</param>
/// <param name="Probability">Probability in [0, 1].</param>
public sealed record ClassificationPrediction(int Index, string Name, string Description, float Probability);
