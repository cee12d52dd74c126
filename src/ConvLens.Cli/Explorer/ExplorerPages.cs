using System.Globalization;
using System.Text;
using ConvLens.Graph;
using ConvLens.Reporting.Html;

namespace ConvLens.Cli.Explorer;

/// <summary>
/// The explorer's HTML: the model's layers, a layer's atlas, a channel's page and the upload page. Pages are
/// static shells; small scripts fetch the computed parts from the JSON API and poll while they compute.
/// </summary>
internal static class ExplorerPages
{
    public static string Index(ExplorerLab lab)
    {
        var network = lab.Network;
        var body = new StringBuilder();
        body.Append("<section class=\"report-section\" id=\"layers\"><h2>Layers</h2><p>Choose a layer to see every channel's feature visualization (computed in the background, ")
            .Append("tiles appear as they finish), then a channel for its top dataset images, kernels and circuit.</p>")
            .Append("<table class=\"data\"><thead><tr><th>Layer</th><th>ONNX value</th><th>Op</th><th class=\"num\">Channels</th><th class=\"num\">Map</th></tr></thead><tbody>");
        foreach (var layer in lab.ConvLayers)
            body.Append("<tr><td><a href=\"").Append(LayerUrl(layer.DisplayName)).Append("\">").Append(HtmlText.Encode(layer.DisplayName)).Append("</a></td><td>")
                .Append(HtmlText.Encode(layer.Value)).Append("</td><td>").Append(HtmlText.Encode(layer.Node.OpType)).Append("</td><td class=\"num\">")
                .Append(layer.Channels).Append("</td><td class=\"num\">").Append(layer.Shape![2]).Append('×').Append(layer.Shape[3]).Append("</td></tr>");
        body.Append("</tbody></table></section>")
            .Append("<section class=\"report-section\" id=\"upload-link\"><h2>Your image</h2><p><a href=\"/upload\">Upload an image</a> to ")
            .Append(lab.Classifier is null ? "see which channel it excites and explain that channel with Grad-CAM." : "classify it and explain its top class with Grad-CAM.")
            .Append("</p></section>");
        var facts = new[]
        {
            ("Model", lab.Options.ModelName.Length > 0 ? lab.Options.ModelName : Path.GetFileName(network.Model.Source)),
            ("Input", $"{network.Input.Name} {network.Input.Shape}"),
            ("Parameters", network.Layers.TotalParameters.ToString("N0", CultureInfo.InvariantCulture)),
            ("Dataset", lab.Options.Dataset is null ? "none (start with --dataset DIR)" : Path.GetFullPath(lab.Options.Dataset)),
            ("Classifier", lab.Classifier is null ? "none" : $"{lab.Classifier.ClassCount} classes"),
        };
        return Page("ConvLens explorer", "ConvLens explorer", $"{facts[0].Item2}: {lab.ConvLayers.Count} convolutional layers", facts, body.ToString(), "");
    }

    public static string Layer(ExplorerLab lab, Layer layer)
    {
        var body = new StringBuilder();
        body.Append("<section class=\"report-section\" id=\"atlas\"><h2>Atlas of ").Append(HtmlText.Encode(layer.DisplayName)).Append("</h2>")
            .Append("<p>Each channel's feature visualization (modern recipe, ").Append(lab.Options.AtlasSteps).Append(" steps), filled in as batches of ")
            .Append(lab.Options.AtlasBatch).Append(" finish. Click a channel to study it.</p>")
            .Append("<div class=\"progress\"><div class=\"bar\" id=\"atlas-bar\"></div></div><p class=\"status\" id=\"atlas-status\">starting…</p><div class=\"atlas\">");
        for (int c = 0; c < layer.Channels; c++)
            body.Append("<a class=\"cell\" id=\"cell-").Append(c).Append("\" href=\"").Append(ChannelUrl(layer.DisplayName, c)).Append("\"><span class=\"wait\">").Append(c)
                .Append("</span><span class=\"name\">").Append(c).Append("</span></a>");
        body.Append("</div></section>");
        return Page($"{layer.DisplayName} · ConvLens explorer", $"Layer {layer.DisplayName}", $"{layer.Value} · {layer.Shape}", [], body.ToString(),
            AtlasScript.Replace("__LAYER__", Js(layer.DisplayName)));
    }

    public static string Channel(ExplorerLab lab, Layer layer, int channel)
    {
        var label = $"{layer.DisplayName}:{channel}";
        var body = new StringBuilder();
        body.Append("<div class=\"progress\"><div class=\"bar\" id=\"bar\"></div></div><p class=\"status\" id=\"status\">starting…</p>");
        foreach (var (id, title) in new[] { ("visualization", "Feature visualization"), ("top-images", "Top dataset examples"), ("kernels", "Kernels"), ("circuit", "Circuit") })
            body.Append("<section class=\"report-section\" id=\"").Append(id).Append("\"><h2>").Append(title).Append("</h2><div class=\"content\" id=\"").Append(id)
                .Append("-content\"><p class=\"pending\">computing…</p></div><p class=\"caption\" id=\"").Append(id).Append("-caption\"></p></section>");
        body.Append("<p><a href=\"").Append(LayerUrl(layer.DisplayName)).Append("\">← atlas of ").Append(HtmlText.Encode(layer.DisplayName))
            .Append("</a> · <a href=\"/upload?layer=").Append(Uri.EscapeDataString(layer.DisplayName)).Append("&amp;channel=").Append(channel).Append("\">explain an image with this channel</a></p>");
        return Page($"{label} · ConvLens explorer", $"Channel {channel} of {layer.DisplayName}", $"{layer.Value} · {layer.Shape}", [], body.ToString(),
            ChannelScript.Replace("__LAYER__", Js(layer.DisplayName)).Replace("__CHANNEL__", channel.ToString(CultureInfo.InvariantCulture)));
    }

    public static string Upload(ExplorerLab lab)
    {
        var body = new StringBuilder();
        body.Append("<section class=\"report-section\" id=\"upload\"><h2>Upload an image</h2><form id=\"form\"><p><input type=\"file\" id=\"image\" name=\"image\" accept=\"image/*\"> ")
            .Append("<label>layer <input type=\"text\" id=\"layer\" name=\"layer\" size=\"14\" placeholder=\"default\"></label> ")
            .Append("<label>channel <input type=\"number\" id=\"channel\" name=\"channel\" min=\"0\" style=\"width:6em\" placeholder=\"most active\"></label> ")
            .Append("<button type=\"submit\" id=\"submit\">Explain</button></p><p class=\"status\">JPEG, PNG, WebP, BMP or GIF, at most ")
            .Append(lab.Options.MaxUploadBytes / (1024 * 1024)).Append(" MB.</p></form><p class=\"status\" id=\"status\"></p></section>")
            .Append("<section class=\"report-section\" id=\"result\" hidden><h2 id=\"result-title\">Result</h2><div id=\"predictions\"></div><div class=\"figure-row\">")
            .Append("<figure class=\"tile\" style=\"width:320px\"><img id=\"activation\" alt=\"activation map\"><figcaption id=\"activation-label\"></figcaption></figure>")
            .Append("<figure class=\"tile\" style=\"width:320px\"><img id=\"cam\" alt=\"Grad-CAM\"><figcaption id=\"cam-label\"></figcaption></figure></div><p class=\"caption\" id=\"result-caption\"></p></section>");
        return Page("Upload · ConvLens explorer", "Explain an image", lab.Classifier is null ? "the model has no classifier: channels are explained" : "classified and explained with Grad-CAM",
            [], body.ToString(), UploadScript);
    }

    public static string LayerUrl(string layer) => "/layer?name=" + Uri.EscapeDataString(layer);

    public static string ChannelUrl(string layer, int channel) => $"/channel?layer={Uri.EscapeDataString(layer)}&amp;channel={channel}";

    private static string Page(string title, string heading, string subtitle, IReadOnlyList<(string, string)> facts, string body, string script)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(HtmlText.Encode(title)).Append("</title><link rel=\"icon\" type=\"image/png\" href=\"/favicon.ico\"><style>")
            .Append(ReportStyle.Css).Append(Css).Append("</style></head><body><main class=\"report\"><header><p class=\"kicker\"><a href=\"/\">ConvLens explorer</a></p><h1>")
            .Append(HtmlText.Encode(heading)).Append("</h1><p class=\"subtitle\">").Append(HtmlText.Encode(subtitle)).Append("</p>");
        if (facts.Count > 0)
        {
            html.Append("<dl class=\"key-facts\">");
            foreach (var (name, value) in facts) html.Append("<div><dt>").Append(HtmlText.Encode(name)).Append("</dt><dd>").Append(HtmlText.Encode(value)).Append("</dd></div>");
            html.Append("</dl>");
        }
        html.Append("</header>").Append(body).Append("</main>");
        if (script.Length > 0) html.Append("<script>").Append(script).Append("</script>");
        return html.Append("</body></html>").ToString();
    }

    /// <summary>A string as a JavaScript string literal (JSON-escaped, and safe inside a script element).</summary>
    private static string Js(string text) => System.Text.Json.JsonSerializer.Serialize(text).Replace("</", "<\\/");

    private const string Css = """
.kicker a { color: inherit; text-decoration: none; }
.progress { height: 6px; background: var(--panel); border: 1px solid var(--rule); margin: 10px 0 4px; }
.progress .bar { height: 100%; width: 0; background: var(--accent); transition: width .3s; }
p.status { font: 13px/1.4 "DejaVu Sans", Arial, sans-serif; color: var(--muted); margin: 2px 0 8px; }
.atlas { display: grid; grid-template-columns: repeat(auto-fill, minmax(96px, 1fr)); gap: 8px; }
.atlas .cell { display: block; text-decoration: none; color: var(--ink); font: 11px/1.3 "DejaVu Sans", Arial, sans-serif; text-align: center; }
.atlas .cell img, .atlas .cell .wait { display: block; width: 100%; aspect-ratio: 1; border: 1px solid var(--rule); background: var(--panel); }
.atlas .cell .wait { color: #bbb; display: flex; align-items: center; justify-content: center; font-size: 18px; }
.atlas .cell:hover img { outline: 2px solid var(--accent); }
p.pending { color: var(--muted); font: italic 14px "DejaVu Sans", Arial, sans-serif; }
a { color: #1f5f99; }
""";

    private const string AtlasScript = """
const layer = __LAYER__;
async function poll() {
  const r = await fetch('/api/atlas?layer=' + encodeURIComponent(layer));
  const a = await r.json();
  if (!r.ok) { document.getElementById('atlas-status').textContent = a.error; return; }
  for (const t of a.done) {
    const cell = document.getElementById('cell-' + t.channel);
    if (!cell || cell.querySelector('img')) continue;
    const img = document.createElement('img');
    img.src = '/img/atlas?layer=' + encodeURIComponent(layer) + '&channel=' + t.channel;
    img.alt = layer + ':' + t.channel;
    img.title = layer + ':' + t.channel + ' objective ' + t.objective.toFixed(3);
    cell.replaceChild(img, cell.querySelector('.wait'));
  }
  document.getElementById('atlas-bar').style.width = (100 * a.done.length / a.channels) + '%';
  document.getElementById('atlas-status').textContent = a.error ? 'stopped: ' + a.error : a.done.length + ' of ' + a.channels + ' channels visualized';
  if (a.done.length < a.channels && !a.error) setTimeout(poll, 1000);
}
poll();
""";

    private const string ChannelScript = """
const layer = __LAYER__, channel = __CHANNEL__;
const img = (name, alt) => { const i = document.createElement('img'); i.src = '/img/channel?layer=' + encodeURIComponent(layer) + '&channel=' + channel + '&name=' + name; i.alt = alt; return i; };
function figure(name, alt, label, width) {
  const f = document.createElement('figure'); f.className = 'tile'; f.style.width = width + 'px';
  f.appendChild(img(name, alt));
  const c = document.createElement('figcaption'); c.textContent = label; f.appendChild(c); return f;
}
function fill(id, nodes, caption, note) {
  const box = document.getElementById(id + '-content'); box.textContent = '';
  if (note) { const p = document.createElement('p'); p.className = 'note'; p.textContent = note; box.appendChild(p); }
  for (const n of nodes) box.appendChild(n);
  document.getElementById(id + '-caption').textContent = caption || '';
}
function row(children) { const d = document.createElement('div'); d.className = 'figure-row'; children.forEach(c => d.appendChild(c)); return d; }
async function poll() {
  const r = await fetch('/api/channel?layer=' + encodeURIComponent(layer) + '&channel=' + channel);
  const j = await r.json();
  if (!r.ok || j.state === 'failed') { document.getElementById('status').textContent = 'failed: ' + j.error; return; }
  document.getElementById('bar').style.width = (100 * j.fraction) + '%';
  document.getElementById('status').textContent = j.state === 'done' ? 'computed in ' + j.result.seconds.toFixed(1) + ' s' : j.stage;
  if (j.state !== 'done') { setTimeout(poll, 700); return; }
  const res = j.result;
  fill('visualization', [row([figure('visualization', layer + ':' + channel, 'modern recipe', 300)])], res.captions['visualization']);
  const tops = res.topImages.map((t, i) => figure('top-' + (i + 1), t.path, '#' + t.rank + ' · ' + t.score.toFixed(3) + ' · ' + t.path, 170));
  const plot = document.createElement('div'); plot.className = 'plot';
  if (res.distribution) plot.innerHTML = res.distribution;
  fill('top-images', tops.length ? [row(tops), plot] : [], res.captions['top-images'], res.notes['top-images']);
  fill('kernels', res.images.includes('kernels') ? [row([figure('kernels', 'kernel slices', 'kernel slices', 820)])] : [], res.captions['kernels'], res.notes['kernels']);
  fill('circuit', res.images.includes('circuit') ? [row([figure('circuit', 'circuit', 'circuit', 820)])] : [], res.captions['circuit'], res.notes['circuit']);
}
poll();
""";

    private const string UploadScript = """
const params = new URLSearchParams(location.search);
if (params.get('layer')) document.getElementById('layer').value = params.get('layer');
if (params.get('channel')) document.getElementById('channel').value = params.get('channel');
document.getElementById('form').addEventListener('submit', async e => {
  e.preventDefault();
  const status = document.getElementById('status');
  const file = document.getElementById('image').files[0];
  if (!file) { status.textContent = 'choose an image first'; return; }
  const data = new FormData();
  data.append('image', file);
  const layer = document.getElementById('layer').value.trim(), channel = document.getElementById('channel').value.trim();
  if (layer) data.append('layer', layer);
  if (channel) data.append('channel', channel);
  status.textContent = 'explaining…';
  const r = await fetch('/api/explain', { method: 'POST', body: data });
  const j = await r.json();
  if (!r.ok) { status.textContent = 'refused (' + r.status + '): ' + j.error; return; }
  status.textContent = '';
  document.getElementById('result').hidden = false;
  document.getElementById('result-title').textContent = j.name + ' (' + j.width + '×' + j.height + ')';
  const preds = document.getElementById('predictions'); preds.textContent = '';
  if (j.predictions) {
    const t = document.createElement('table'); t.className = 'data';
    t.innerHTML = '<thead><tr><th>Class</th><th>Description</th><th class="num">Probability</th></tr></thead>';
    const b = document.createElement('tbody');
    for (const p of j.predictions) { const tr = b.insertRow(); tr.insertCell().textContent = p.index; tr.insertCell().textContent = p.description; const c = tr.insertCell(); c.className = 'num'; c.textContent = (100 * p.probability).toFixed(1) + '%'; }
    t.appendChild(b); preds.appendChild(t);
  } else { const p = document.createElement('p'); p.className = 'note'; p.textContent = 'The model has no classifier: Grad-CAM explains the channel instead of a class.'; preds.appendChild(p); }
  document.getElementById('activation').src = j.activationOverlay;
  document.getElementById('activation-label').textContent = 'activation of ' + j.layer + ':' + j.channel;
  document.getElementById('cam').src = j.camOverlay;
  document.getElementById('cam-label').textContent = 'Grad-CAM of ' + j.target + (j.camLayer ? ' on ' + j.camLayer : '');
  document.getElementById('result-caption').textContent = j.activationCaption + ' ' + j.camCaption;
});
""";
}
