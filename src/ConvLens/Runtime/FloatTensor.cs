namespace ConvLens.Runtime;

/// <summary>
/// A dense float tensor in row-major (NCHW) order: the currency of images, activations and gradients
/// between ConvLens and ONNX Runtime. The array is used in place, never copied by the runtime.
/// </summary>
public sealed class FloatTensor
{
    /// <summary>Wraps <paramref name="data"/> with <paramref name="shape"/>.</summary>
    public FloatTensor(float[] data, params int[] shape)
    {
        long count = shape.Aggregate(1L, (a, d) => a * d);
        if (count != data.Length)
            throw new ArgumentException($"shape ({string.Join(", ", shape)}) holds {count} elements but the data has {data.Length}");
        Data = data;
        Shape = shape;
    }

    /// <summary>A zero tensor of <paramref name="shape"/>.</summary>
    public static FloatTensor Zeros(params int[] shape) => new(new float[shape.Aggregate(1L, (a, d) => a * d)], shape);

    /// <summary>The elements.</summary>
    public float[] Data { get; }

    /// <summary>The dimensions.</summary>
    public int[] Shape { get; }

    /// <summary>Number of elements.</summary>
    public int Length => Data.Length;

    /// <summary>Size of the first (batch) dimension.</summary>
    public int BatchSize => Shape.Length > 0 ? Shape[0] : 1;

    /// <summary>Elements per batch item.</summary>
    public int ItemLength => Shape.Length > 0 && Shape[0] > 0 ? Data.Length / Shape[0] : Data.Length;

    /// <summary>The elements of batch item <paramref name="index"/>.</summary>
    public Span<float> Item(int index) => Data.AsSpan(index * ItemLength, ItemLength);

    /// <summary>A copy of batch item <paramref name="index"/> as a tensor with batch size 1.</summary>
    public FloatTensor ItemTensor(int index) => new(Item(index).ToArray(), [1, .. Shape[1..]]);

    /// <summary>True when the shapes are equal.</summary>
    public bool SameShape(FloatTensor other) => Shape.AsSpan().SequenceEqual(other.Shape);

    /// <summary>Fills the tensor with seeded standard-normal values scaled by <paramref name="std"/>.</summary>
    public FloatTensor FillNormal(Random random, float std = 1f)
    {
        for (int i = 0; i < Data.Length; i++)
        {
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            Data[i] = std * (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
        return this;
    }

    /// <summary>Shape as text, like <c>(1, 3, 224, 224)</c>.</summary>
    public string ShapeText => "(" + string.Join(", ", Shape) + ")";

    /// <inheritdoc />
    public override string ToString() => $"FloatTensor{ShapeText}";
}
