using ConvLens.Graph;

namespace ConvLens.Autodiff;

/// <summary>
/// The gradient of one operator: given the forward node and the incoming gradients of its outputs
/// (through <paramref name="context"/>), returns the ONNX nodes that compute the gradients of the
/// inputs that need one, writing each to <see cref="GradientContext.InputGrad"/>. A rule only returns
/// nodes; constants it needs come from <see cref="GradientContext.Constant(float)"/>.
/// </summary>
public delegate IEnumerable<Node> GradientRule(GradientContext context);
