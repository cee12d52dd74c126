using ConvLens.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

namespace ConvLens.Cli;

/// <summary>
/// The <c>convlens</c> command line: registers the commands and turns every user error into one clear
/// line on stderr and exit code 2, never a stack trace.
/// </summary>
public static class CliApp
{
    /// <summary>Exit code for bad input (a file, a layer, an option).</summary>
    public const int UserError = 2;

    /// <summary>Runs the command line and returns the exit code.</summary>
    public static int Run(string[] args, IAnsiConsole? console = null)
    {
        var app = new CommandApp();
        if (console is null && Console.IsOutputRedirected)
        {
            // Piped or captured output: Spectre would wrap tables at 80 columns; layer names are longer.
            console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
            console.Profile.Width = 200;
        }
        app.Configure(config =>
        {
            config.SetApplicationName("convlens");
            config.PropagateExceptions();
            if (console is not null) config.ConfigureConsole(console);
            config.AddCommand<DemoCommand>("demo")
                .WithDescription("The lab report on the embedded ResNet18 and the bundled photographs; chooses a layer and channel itself.")
                .WithExample("demo");
            config.AddCommand<ReportCommand>("report")
                .WithDescription("The whole lab on one channel as one HTML page: visualization, activation maps, top images, kernels, circuit, Grad-CAM.")
                .WithExample("report", "--layer", "conv14", "--channel", "145", "--dataset", "photos/", "-o", "report/");
            config.AddCommand<ServeCommand>("serve")
                .WithDescription("A local explorer in the browser: layer atlases, channel pages, image uploads (127.0.0.1 only by default).")
                .WithExample("serve", "--dataset", "photos/", "--port", "5117");
            config.AddCommand<SummaryCommand>("summary")
                .WithDescription("Print every layer: name (and alias), op, output shape, parameters.")
                .WithExample("summary", "--model", "resnet18-featurizer");
            config.AddCommand<ClassifyCommand>("classify")
                .WithDescription("Top-k ImageNet classes of images; -o draws them in a row titled with their labels.")
                .WithExample("classify", "--model", "vgg19", "cat.jpg", "dog.jpg", "-o", "grid.png");
            config.AddCommand<FetchCommand>("fetch")
                .WithDescription("Download the official Keras weight files into the model cache (resumable, checksum-verified).")
                .WithExample("fetch", "vgg19")
                .WithExample("fetch", "vgg19", "--notop", "--from", "vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5");
            config.AddCommand<ConvertCommand>("convert")
                .WithDescription("Write a Keras VGG16/VGG19 .h5 file as a standard ONNX model.")
                .WithExample("convert", "vgg19_weights_tf_dim_ordering_tf_kernels.h5", "-o", "vgg19.onnx");
            config.AddCommand<VisualizeCommand>("visualize")
                .WithDescription("Feature visualization of channels by gradient ascent (notebook or modern recipe); several channels make an atlas.")
                .WithExample("visualize", "--model", "vgg19", "--layer", "block3_conv2", "--channel", "16", "-o", "ch16.png")
                .WithExample("visualize", "--layer", "conv12", "--channel", "0-15", "-o", "atlas.png");
            config.AddCommand<TopImagesCommand>("top-images")
                .WithDescription("Rank a folder of images by a channel's activation; -o draws the top-k with overlays. Answers from the activation index when it can.")
                .WithExample("top-images", "--model", "vgg19", "--layer", "block3_conv2", "--channel", "16", "--dataset", "photos/", "-k", "5", "-o", "top.png");
            config.AddBranch("index", index =>
            {
                index.SetDescription("Build the activation index of a layer over a dataset (every channel), or merge shards.");
                index.SetDefaultCommand<IndexCommand>();
                index.AddExample("index", "--model", "vgg19", "--layer", "block3_conv2", "--dataset", "photos/");
                index.AddExample("index", "--model", "vgg19", "--layer", "block3_conv2", "--dataset", "photos/", "--shard", "0/3", "--db", "shard0.db");
                index.AddCommand<IndexMergeCommand>("merge")
                    .WithDescription("Merge shard databases into one index.");
            });
            config.AddCommand<ExplainCommand>("explain")
                .WithDescription("Attribution maps (Grad-CAM family, saliency, SmoothGrad, IG, guided backprop): an overlay PNG per image.")
                .WithExample("explain", "--model", "vgg19", "--method", "gradcam", "cat.jpg", "-o", "maps");
            config.AddCommand<ActivationsCommand>("activations")
                .WithDescription("One channel's activation map on an image: feature visualization | image | map with colorbar.")
                .WithExample("activations", "--layer", "conv12", "--channel", "5", "cat.jpg", "-o", "fig.png");
            config.AddCommand<KernelsCommand>("kernels")
                .WithDescription("Rank the input channels that build a channel by their kernel slices (excitatory or inhibitory); -o draws the annotated kernels.")
                .WithExample("kernels", "--model", "vgg19", "--layer", "block3_conv2", "--channel", "16", "-o", "kernels.png");
            config.AddCommand<CircuitCommand>("circuit")
                .WithDescription("A channel's circuit: its top input kernels above their feature visualizations, or with --depth 2..4 a layered graph (svg, html).")
                .WithExample("circuit", "--model", "vgg19", "--layer", "block3_conv2", "--channel", "16", "-o", "circuit.png")
                .WithExample("circuit", "--layer", "conv8", "--channel", "40", "--depth", "3", "--format", "html", "-o", "circuit.html");
            config.AddCommand<BenchCommand>("bench")
                .WithDescription("Time a forward pass (or forward + input gradient) to a layer on random input.")
                .WithExample("bench", "--layer", "conv7", "--batch", "4", "--grad");
        });
        try
        {
            return app.Run(args);
        }
        catch (ConvLensException e)
        {
            return Fail(console, e.Message);
        }
        catch (CommandAppException e)
        {
            return Fail(console, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail(console, e.Message);
        }
    }

    private static int Fail(IAnsiConsole? console, string message)
    {
        if (console is null) Console.Error.WriteLine($"convlens: error: {message}");
        else console.MarkupLine($"[red]convlens: error:[/] {Markup.Escape(message)}");
        return UserError;
    }
}
