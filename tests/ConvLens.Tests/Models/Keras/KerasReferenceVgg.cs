namespace ConvLens.Tests.Models.Keras;

/// <summary>
/// VGG computed the way Keras computes it, straight from the Keras-layout weights and independent of
/// ConvLens: channels-last (N, H, W, C) maps, 3×3 'same' convolutions with HWIO kernels, ReLU, 2×2
/// max pooling, flatten in (H, W, C) order, dense layers x·W + b, softmax. In double precision.
/// </summary>
internal static class KerasReferenceVgg
{
    /// <summary>Every layer's output by Keras name (plus <c>predictions_logits</c>), batch first, in Keras's layout.</summary>
    public static Dictionary<string, double[]> Run(KerasTestVgg vgg, float[] nhwcImages, int batch)
    {
        var outputs = new Dictionary<string, double[]>();
        var x = Array.ConvertAll(nhwcImages, v => (double)v);
        int size = vgg.ImageSize, channels = 3;
        foreach (var layer in vgg.Layers)
        {
            if (layer.Name.Contains("_conv"))
            {
                int width = (int)layer.KernelDims![3];
                x = Relu(Convolve(x, batch, size, channels, width, layer.Kernel!, layer.Bias!));
                channels = width;
            }
            else if (layer.Name.EndsWith("_pool"))
            {
                x = MaxPool(x, batch, size, channels);
                size /= 2;
            }
            else if (layer.Name == "predictions")
            {
                var logits = Dense(x, batch, layer);
                outputs["predictions_logits"] = logits;
                x = Softmax(logits, batch);
            }
            else if (layer.HasWeights)
            {
                x = Relu(Dense(x, batch, layer));
            }
            else if (layer.Name != "flatten")
            {
                continue; // the input layer
            }
            // flatten needs no work: a channels-last map in memory already is Keras's flattened vector.
            outputs[layer.Name] = x;
        }
        return outputs;
    }

    private static double[] Convolve(double[] x, int batch, int size, int inputs, int outputs, float[] kernel, float[] bias)
    {
        var y = new double[(long)batch * size * size * outputs];
        var sum = new double[outputs];
        for (int n = 0; n < batch; n++)
            for (int h = 0; h < size; h++)
                for (int w = 0; w < size; w++)
                {
                    for (int o = 0; o < outputs; o++) sum[o] = bias[o];
                    for (int dy = 0; dy < 3; dy++)
                    {
                        int iy = h + dy - 1;
                        if (iy < 0 || iy >= size) continue; // 'same' padding: zeros outside
                        for (int dx = 0; dx < 3; dx++)
                        {
                            int ix = w + dx - 1;
                            if (ix < 0 || ix >= size) continue;
                            long at = (((long)n * size + iy) * size + ix) * inputs;
                            for (int i = 0; i < inputs; i++)
                            {
                                double v = x[at + i];
                                long k = ((long)(dy * 3 + dx) * inputs + i) * outputs;
                                for (int o = 0; o < outputs; o++) sum[o] += v * kernel[k + o];
                            }
                        }
                    }
                    Array.Copy(sum, 0, y, (((long)n * size + h) * size + w) * outputs, outputs);
                }
        return y;
    }

    private static double[] MaxPool(double[] x, int batch, int size, int channels)
    {
        int half = size / 2;
        var y = new double[(long)batch * half * half * channels];
        for (int n = 0; n < batch; n++)
            for (int h = 0; h < half; h++)
                for (int w = 0; w < half; w++)
                    for (int c = 0; c < channels; c++)
                    {
                        double best = double.NegativeInfinity;
                        for (int dy = 0; dy < 2; dy++)
                            for (int dx = 0; dx < 2; dx++)
                                best = Math.Max(best, x[(((long)n * size + 2 * h + dy) * size + 2 * w + dx) * channels + c]);
                        y[(((long)n * half + h) * half + w) * channels + c] = best;
                    }
        return y;
    }

    private static double[] Dense(double[] x, int batch, KerasTestLayer layer)
    {
        int inputs = (int)layer.KernelDims![0], outputs = (int)layer.KernelDims[1];
        var y = new double[batch * outputs];
        for (int n = 0; n < batch; n++)
            for (int o = 0; o < outputs; o++)
            {
                double sum = layer.Bias![o];
                for (int i = 0; i < inputs; i++) sum += x[(long)n * inputs + i] * layer.Kernel![(long)i * outputs + o];
                y[n * outputs + o] = sum;
            }
        return y;
    }

    private static double[] Relu(double[] x) => Array.ConvertAll(x, v => Math.Max(0, v));

    private static double[] Softmax(double[] logits, int batch)
    {
        int classes = logits.Length / batch;
        var y = new double[logits.Length];
        for (int n = 0; n < batch; n++)
        {
            var row = logits.AsSpan(n * classes, classes);
            double max = double.NegativeInfinity, total = 0;
            foreach (var v in row) max = Math.Max(max, v);
            for (int c = 0; c < classes; c++) total += y[n * classes + c] = Math.Exp(row[c] - max);
            for (int c = 0; c < classes; c++) y[n * classes + c] /= total;
        }
        return y;
    }
}
