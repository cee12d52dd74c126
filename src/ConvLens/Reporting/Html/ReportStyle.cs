namespace ConvLens.Reporting.Html;

/// <summary>
/// The report's stylesheet, inline so a page is one file: a narrow column of serif text with sans-serif
/// figure labels, numbered sections and captions set like a paper's figures, and print rules that keep
/// figures whole across pages.
/// </summary>
public static class ReportStyle
{
    /// <summary>The CSS.</summary>
    public const string Css = """
:root { --ink: #1d1d1f; --muted: #5f6368; --rule: #d9d9dc; --accent: #8c2d19; --paper: #ffffff; --panel: #f6f6f4; }
* { box-sizing: border-box; }
html { background: #eeeeec; }
body { margin: 0; color: var(--ink); font: 16px/1.55 "DejaVu Serif", Georgia, "Times New Roman", serif; }
main.report { max-width: 1080px; margin: 24px auto; padding: 40px 56px 32px; background: var(--paper); box-shadow: 0 1px 4px rgba(0,0,0,.12); }
header { border-bottom: 2px solid var(--ink); padding-bottom: 18px; margin-bottom: 8px; }
.kicker { margin: 0; font: 600 12px/1.4 "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; letter-spacing: .12em; text-transform: uppercase; color: var(--accent); }
h1 { font-size: 30px; line-height: 1.2; margin: 6px 0 6px; font-weight: 700; }
.subtitle { margin: 0 0 14px; color: var(--muted); font-size: 17px; }
dl.key-facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); gap: 6px 24px; margin: 12px 0; }
dl.key-facts div { border-top: 1px solid var(--rule); padding-top: 4px; }
dl.key-facts dt { font: 600 11px/1.4 "DejaVu Sans", Arial, sans-serif; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
dl.key-facts dd { margin: 0; font: 14px/1.4 "DejaVu Sans Mono", Menlo, monospace; overflow-wrap: anywhere; }
nav.toc ol { margin: 10px 0 0; padding: 0; list-style: none; counter-reset: toc; display: flex; flex-wrap: wrap; gap: 4px 18px; font: 13px/1.6 "DejaVu Sans", Arial, sans-serif; }
nav.toc li { counter-increment: toc; }
nav.toc li::before { content: counter(toc) " "; color: var(--muted); }
nav.toc a { color: var(--ink); text-decoration: none; border-bottom: 1px dotted var(--muted); }
section.report-section { padding: 18px 0 14px; border-bottom: 1px solid var(--rule); break-inside: avoid-page; }
h2 { font-size: 21px; margin: 4px 0 10px; }
h2 .secno { display: inline-block; min-width: 1.1em; margin-right: .5em; color: var(--accent); }
h3 { font: 600 13px/1.4 "DejaVu Sans", Arial, sans-serif; color: var(--muted); text-transform: uppercase; letter-spacing: .05em; margin: 14px 0 6px; }
p { margin: 6px 0 10px; max-width: 78ch; }
p.note { font: 14px/1.5 "DejaVu Sans", Arial, sans-serif; background: var(--panel); border-left: 3px solid var(--accent); padding: 8px 12px; }
p.caption { font-size: 14.5px; line-height: 1.5; color: #333; max-width: none; }
p.caption .figno { font-weight: 700; }
.figure-row { display: flex; flex-wrap: wrap; gap: 14px; align-items: flex-start; margin: 6px 0 8px; }
figure.tile { margin: 0; }
figure.tile img { display: block; width: 100%; height: auto; border: 1px solid var(--rule); background: #fff; }
img.pixelated { image-rendering: pixelated; }
figcaption { font: 12px/1.35 "DejaVu Sans", Arial, sans-serif; margin-top: 4px; text-align: center; }
figcaption .label { display: block; font-weight: 600; overflow-wrap: anywhere; }
figcaption .detail { display: block; color: var(--muted); overflow-wrap: anywhere; }
.plot { margin: 6px 0 8px; }
.plot svg { display: block; max-width: 100%; height: auto; font-family: "DejaVu Sans", Arial, sans-serif; }
table { border-collapse: collapse; font: 13px/1.45 "DejaVu Sans", Arial, sans-serif; margin: 6px 0 12px; }
table.data th, table.data td { padding: 3px 12px 3px 0; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
table.data thead th { border-bottom: 1.5px solid var(--ink); font-weight: 600; }
table.data .num { text-align: right; font-variant-numeric: tabular-nums; padding-left: 12px; }
table.data tr.total td { font-weight: 600; border-top: 1.5px solid var(--ink); }
table.facts th { text-align: left; font-weight: 600; padding: 2px 18px 2px 0; color: var(--muted); white-space: nowrap; vertical-align: top; }
table.facts td { font-family: "DejaVu Sans Mono", Menlo, monospace; font-size: 12.5px; overflow-wrap: anywhere; }
pre.command { background: var(--panel); border: 1px solid var(--rule); padding: 10px 12px; overflow-x: auto; font: 12.5px/1.5 "DejaVu Sans Mono", Menlo, monospace; white-space: pre-wrap; overflow-wrap: anywhere; }
.columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 8px 28px; }
footer { margin-top: 18px; font: 12px/1.4 "DejaVu Sans", Arial, sans-serif; color: var(--muted); text-align: right; }
@media print { html { background: none; } main.report { box-shadow: none; margin: 0; padding: 0; max-width: none; } figure, .plot, table { break-inside: avoid; } }
@media (max-width: 720px) { main.report { padding: 20px; } }
""";
}
