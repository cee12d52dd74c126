using ConvLens.Autodiff;

namespace ConvLens.Visualization.Objectives;

/// <summary>
/// What feature visualisation maximises: a weighted sum of terms on named layers, composed like numbers
/// (<c>a + b</c>, <c>2 * a</c>, <c>a - b</c>, <c>-a</c>). Linear terms (channel, neuron, direction)
/// become seeds of one compiled gradient session, non-linear ones (DeepDream's mean square, diversity)
/// become emitted graph nodes. Terms may target one batch item, so one batch can optimise a different
/// channel in each image and share every forward and backward pass.
/// </summary>
public sealed class Objective
{
    private Objective(IReadOnlyList<ObjectiveTerm> terms) => Terms = terms;

    /// <summary>The terms, in the order they were added.</summary>
    public IReadOnlyList<ObjectiveTerm> Terms { get; }

    /// <summary>The linear terms (seeds).</summary>
    public IEnumerable<LinearObjectiveTerm> LinearTerms => Terms.OfType<LinearObjectiveTerm>();

    /// <summary>The non-linear terms (emitted nodes).</summary>
    public IEnumerable<GraphObjectiveTerm> GraphTerms => Terms.OfType<GraphObjectiveTerm>();

    /// <summary>An objective of the given terms.</summary>
    /// <exception cref="ArgumentException">No terms.</exception>
    public static Objective Of(params ObjectiveTerm[] terms) =>
        terms.Length == 0 ? throw new ArgumentException("an objective needs at least one term", nameof(terms)) : new(terms);

    /// <summary>The mean activation of <paramref name="channel"/> (on <paramref name="item"/> only, when given).</summary>
    public static Objective Channel(string layer, int channel, int? item = null) => new([new ChannelTerm(layer, channel, 1, item)]);

    /// <summary>The activation of <paramref name="channel"/> at one position (the centre by default).</summary>
    public static Objective Neuron(string layer, int channel, int? y = null, int? x = null, int? item = null) =>
        new([new NeuronTerm(layer, channel, y, x, 1, item)]);

    /// <summary>The mean over positions of the activations' dot product with <paramref name="vector"/>.</summary>
    public static Objective Direction(string layer, IReadOnlyList<float> vector, int? item = null) =>
        new([new DirectionTerm(layer, vector.ToArray(), 1, item)]);

    /// <summary>DeepDream: the mean squared activation of the whole layer, per batch item.</summary>
    public static Objective Layer(string layer) => new([new GraphObjectiveTerm(layer, "mean_square", GraphObjectives.MeanSquare)]);

    /// <summary>
    /// Diversity across the batch: minus the mean cosine similarity of each image's Gram matrix (channel
    /// correlations of the layer) with the others', so images of one batch differ in style.
    /// </summary>
    public static Objective Diversity(string layer) => new([new GraphObjectiveTerm(layer, "diversity", GraphObjectives.Diversity)]);

    /// <summary>One channel per batch item: item <c>i</c> maximises <c>channels[i]</c>; all share every pass.</summary>
    public static Objective Channels(string layer, IReadOnlyList<int> channels) =>
        channels.Count == 0
            ? throw new ArgumentException("at least one channel is needed", nameof(channels))
            : new(channels.Select((c, i) => (ObjectiveTerm)new ChannelTerm(layer, c, 1, i)).ToArray());

    /// <summary>The sum of two objectives.</summary>
    public static Objective operator +(Objective a, Objective b) => new([.. a.Terms, .. b.Terms]);

    /// <summary>The difference of two objectives.</summary>
    public static Objective operator -(Objective a, Objective b) => a + -b;

    /// <summary>The objective negated (to minimise it).</summary>
    public static Objective operator -(Objective a) => -1.0 * a;

    /// <summary>The objective scaled by <paramref name="factor"/>.</summary>
    public static Objective operator *(double factor, Objective a) =>
        new(a.Terms.Select(t => t with { Weight = t.Weight * factor }).ToArray());

    /// <summary>The objective scaled by <paramref name="factor"/>.</summary>
    public static Objective operator *(Objective a, double factor) => factor * a;

    /// <summary>The objective divided by <paramref name="divisor"/>.</summary>
    public static Objective operator /(Objective a, double divisor) => (1.0 / divisor) * a;

    /// <summary>The formula of what batch item <paramref name="item"/> maximises (terms on every item and on it alone).</summary>
    public string DescribeItem(int item)
    {
        var terms = Terms.Where(t => t is not LinearObjectiveTerm { Item: { } i } || i == item)
            .Select(t => t is LinearObjectiveTerm linear ? linear with { Item = null } : t).ToArray();
        return terms.Length == 0 ? "(nothing)" : new Objective(terms).ToString();
    }

    /// <summary>The objective as a formula, like <c>block3_conv2:16 - 0.5·diversity(block3_conv2)</c>.</summary>
    public override string ToString()
    {
        var text = new System.Text.StringBuilder();
        foreach (var term in Terms)
        {
            if (text.Length == 0) text.Append(term.Weight < 0 ? "-" + (term with { Weight = -term.Weight }) : term.ToString());
            else text.Append(term.Weight < 0 ? " - " + (term with { Weight = -term.Weight }) : " + " + term);
        }
        return text.ToString();
    }
}
