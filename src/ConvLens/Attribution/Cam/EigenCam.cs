using MathNet.Numerics.LinearAlgebra;

namespace ConvLens.Attribution.Cam;

/// <summary>
/// Eigen-CAM (Muhammad and Yeasin, 2020): the activations projected on their first principal component
/// (positions as samples, channels as features, centred), with no gradient and no target: it shows what
/// the layer responds to most, whatever the class. The component's sign is arbitrary; it is chosen so
/// that the projection grows with the total activation.
/// </summary>
public sealed class EigenCam : CamMethod
{
    /// <inheritdoc />
    public override string Name => "eigencam";

    /// <inheritdoc />
    protected override bool UsesGradients => false;

    /// <inheritdoc />
    protected override float[] Combine(CamActivations layer)
    {
        int positions = layer.Plane, channels = layer.Channels;
        // X: positions × channels, each channel centred over the positions.
        var x = Matrix<double>.Build.Dense(positions, channels);
        for (int c = 0; c < channels; c++)
        {
            var a = layer.Channel(c);
            double mean = 0;
            foreach (var v in a) mean += v;
            mean /= positions;
            for (int p = 0; p < positions; p++) x[p, c] = a[p] - mean;
        }
        var projection = FirstComponentProjection(x);
        // Orient the component so that positions with more activation in total project higher.
        double agreement = 0;
        for (int p = 0; p < positions; p++) agreement += projection[p] * x.Row(p).Sum();
        if (agreement < 0) projection = projection.Negate();
        return ToFloats(projection.ToArray());
    }

    /// <summary>X·v for v the top right-singular vector of X, from the smaller of the two Gram matrices.</summary>
    private static Vector<double> FirstComponentProjection(Matrix<double> x)
    {
        if (x.RowCount <= x.ColumnCount)
        {
            // X·Xᵀ = U·S²·Uᵀ, and X·v = s·u.
            var (value, u) = TopEigen(x * x.Transpose());
            return u * Math.Sqrt(Math.Max(value, 0));
        }
        var (_, v) = TopEigen(x.Transpose() * x);
        return x * v;
    }

    private static (double Value, Vector<double> Vector) TopEigen(Matrix<double> symmetric)
    {
        var evd = symmetric.Evd(Symmetricity.Symmetric);
        int best = 0;
        for (int i = 1; i < evd.EigenValues.Count; i++)
            if (evd.EigenValues[i].Real > evd.EigenValues[best].Real) best = i;
        return (evd.EigenValues[best].Real, evd.EigenVectors.Column(best));
    }
}
