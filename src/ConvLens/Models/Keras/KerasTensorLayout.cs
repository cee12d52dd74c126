namespace ConvLens.Models.Keras;

/// <summary>
/// Rearranges Keras (TensorFlow, channels-last) weight arrays into the layouts of ConvLens's NCHW graph.
/// </summary>
internal static class KerasTensorLayout
{
    /// <summary>A convolution kernel from Keras's HWIO (height, width, in, out) to ONNX's OIHW.</summary>
    public static float[] HwioToOihw(float[] hwio, int height, int width, int inputs, int outputs)
    {
        var oihw = new float[hwio.Length];
        for (int h = 0; h < height; h++)
            for (int w = 0; w < width; w++)
                for (int i = 0; i < inputs; i++)
                {
                    int from = ((h * width + w) * inputs + i) * outputs;
                    for (int o = 0; o < outputs; o++)
                        oihw[((o * inputs + i) * height + h) * width + w] = hwio[from + o];
                }
        return oihw;
    }

    /// <summary>
    /// The first dense kernel after a flatten, rows reordered from Keras's flatten order to the graph's.
    /// Keras flattens an (H, W, C) map, so feature (h, w, c) is row (h·W + w)·C + c of its kernel; the
    /// graph flattens (C, H, W), so the same feature is row (c·H + h)·W + w. Columns (outputs) stay.
    /// </summary>
    public static float[] NhwcRowsToNchw(float[] kernel, int height, int width, int channels, int outputs)
    {
        var reordered = new float[kernel.Length];
        for (int c = 0; c < channels; c++)
            for (int h = 0; h < height; h++)
                for (int w = 0; w < width; w++)
                {
                    long kerasRow = (long)(h * width + w) * channels + c;
                    long graphRow = (long)(c * height + h) * width + w;
                    Array.Copy(kernel, kerasRow * outputs, reordered, graphRow * outputs, outputs);
                }
        return reordered;
    }
}
