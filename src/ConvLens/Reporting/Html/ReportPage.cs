using System.Text;

namespace ConvLens.Reporting.Html;

/// <summary>
/// A whole report page: a header with the key facts, a table of contents, numbered sections, and the
/// reproducibility block last. Renders to one self-contained HTML document (styles inline; images as
/// files beside it or embedded as data URIs).
/// </summary>
public sealed class ReportPage
{
    /// <summary>The id of the reproducibility section.</summary>
    public const string ReproducibilityId = "reproducibility";

    /// <summary>A page titled <paramref name="title"/>.</summary>
    public ReportPage(string title, string? subtitle = null)
    {
        Title = title;
        Subtitle = subtitle;
    }

    /// <summary>The page title.</summary>
    public string Title { get; }

    /// <summary>The line under the title, or null.</summary>
    public string? Subtitle { get; }

    /// <summary>Facts shown in the header (model, layer, channel, dataset), in order.</summary>
    public List<KeyValuePair<string, string>> KeyFacts { get; } = [];

    /// <summary>The sections, in order.</summary>
    public List<ReportSection> Sections { get; } = [];

    /// <summary>How to reproduce the page; null leaves the block out.</summary>
    public Reproducibility? Reproducibility { get; set; }

    /// <summary>Every image of every section (each file once).</summary>
    public IEnumerable<ReportImage> Images => Sections.SelectMany(s => s.Images).DistinctBy(i => i.FileName);

    /// <summary>The HTML document.</summary>
    /// <param name="embedImages">True for a single file: every image becomes a data URI.</param>
    public string Render(bool embedImages)
    {
        var duplicate = Sections.SelectMany(s => s.Images).GroupBy(i => i.FileName).FirstOrDefault(g => g.Distinct().Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"two different report images are both called '{duplicate.Key}'");
        var html = new StringBuilder(1 << 16);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<meta name=\"generator\" content=\"ConvLens ").Append(HtmlText.Encode(Reproducibility.ConvLensVersion)).Append("\">\n")
            .Append("<title>").Append(HtmlText.Encode(Title)).Append("</title>\n")
            // An empty icon: browsers ask every page for /favicon.ico, and a report has none to give.
            .Append("<link rel=\"icon\" href=\"data:,\">\n")
            .Append("<style>\n").Append(ReportStyle.Css).Append("</style>\n</head>\n<body>\n<main class=\"report\">\n");
        RenderHeader(html);
        for (int i = 0; i < Sections.Count; i++) Sections[i].Render(html, i + 1, embedImages);
        if (Reproducibility is not null)
        {
            html.Append("<section id=\"").Append(ReproducibilityId).Append("\" class=\"report-section\">\n<h2><span class=\"secno\">")
                .Append(Sections.Count + 1).Append("</span>Reproducibility</h2>\n");
            Reproducibility.Render(html);
            html.Append("</section>\n");
        }
        html.Append("<footer>Made with ConvLens ").Append(HtmlText.Encode(Reproducibility.ConvLensVersion))
            .Append(" · ONNX Runtime ").Append(HtmlText.Encode(Reproducibility.OnnxRuntimeVersion)).Append("</footer>\n")
            .Append("</main>\n</body>\n</html>\n");
        return html.ToString();
    }

    private void RenderHeader(StringBuilder html)
    {
        html.Append("<header>\n<p class=\"kicker\">ConvLens lab report</p>\n<h1>").Append(HtmlText.Encode(Title)).Append("</h1>\n");
        if (Subtitle is not null) html.Append("<p class=\"subtitle\">").Append(HtmlText.Encode(Subtitle)).Append("</p>\n");
        if (KeyFacts.Count > 0)
        {
            html.Append("<dl class=\"key-facts\">\n");
            foreach (var (name, value) in KeyFacts)
                html.Append("<div><dt>").Append(HtmlText.Encode(name)).Append("</dt><dd>").Append(HtmlText.Encode(value)).Append("</dd></div>\n");
            html.Append("</dl>\n");
        }
        html.Append("<nav class=\"toc\"><ol>\n");
        foreach (var section in Sections)
            html.Append("<li><a href=\"#").Append(section.Id).Append("\">").Append(HtmlText.Encode(section.Title)).Append("</a></li>\n");
        if (Reproducibility is not null)
            html.Append("<li><a href=\"#").Append(ReproducibilityId).Append("\">Reproducibility</a></li>\n");
        html.Append("</ol></nav>\n</header>\n");
    }
}
