/**
 * The public pages' one stylesheet, sent inline (one request a page, and the embed card in a
 * frame needs nothing else). Large type (`html.large`, 适老化): 22 px body text, black on white,
 * thicker focus rings and underlines. Every page fits a 390 px phone without sideways scrolling.
 */
export const VERDICT_COLOURS: Record<string, string> = {
  false: '#b00020',
  pseudoscience: '#6a1b9a',
  misleading: '#9a4500',
  unproven: '#424242',
  partly_true: '#00588f',
  true: '#1b5e20',
};

const verdictRules = Object.entries(VERDICT_COLOURS)
  .map(([verdict, colour]) => `.verdict-${verdict}{background:${colour}}.card.verdict-border-${verdict}{border-left-color:${colour}}`)
  .join('');

export const SITE_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{font-size:100%;-webkit-text-size-adjust:100%;text-size-adjust:100%}
html.large{font-size:137.5%}
body{margin:0;font-family:system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;line-height:1.7;color:#1a1a1a;background:#fafaf7}
html.large body{color:#000;background:#fff;line-height:1.8}
a{color:#0b4f9c;text-underline-offset:0.15em}
html.large a{color:#002d72;text-decoration-thickness:2px}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible{outline:3px solid #f0b400;outline-offset:2px}
html.large :focus-visible{outline-width:4px}
.skip{position:absolute;left:-9999px}.skip:focus{left:0.5rem;top:0.5rem;background:#fff;padding:0.5rem;z-index:2}
header.site,footer.site{background:#12355b;color:#fff}
html.large header.site,html.large footer.site{background:#000}
header.site .bar,footer.site .bar{max-width:46rem;margin:0 auto;padding:0.6rem 1rem;display:flex;flex-wrap:wrap;gap:0.4rem 1rem;align-items:center}
header.site a,footer.site a{color:#fff}
header.site .brand{font-weight:700;font-size:1.15rem;text-decoration:none;margin-right:auto}
header.site nav{display:flex;flex-wrap:wrap;gap:0.4rem 1rem}
.switch{display:inline-block;padding:0.25rem 0.7rem;border:2px solid #fff;border-radius:999px;text-decoration:none;min-height:44px;line-height:1.9}
main{max-width:46rem;margin:0 auto;padding:1rem;overflow-wrap:anywhere}
h1{font-size:1.6rem;line-height:1.35;margin:0.6rem 0 1rem}
h2{font-size:1.2rem;margin:1.8rem 0 0.6rem}
.badge{display:inline-block;color:#fff;font-weight:700;padding:0.2rem 0.8rem;border-radius:0.35rem;font-size:1.05rem;letter-spacing:0.05em}
${verdictRules}
.summary{font-size:1.15rem;background:#fff;border:2px solid #12355b;border-radius:0.5rem;padding:0.8rem 1rem;margin:0}
html.large .summary{border-color:#000}
blockquote{margin:0;padding:0.6rem 1rem;border-left:0.3rem solid #9e9e9e;background:#f0f0ec}
html.large blockquote{background:#fff;border-left-color:#000}
.meta{color:#424242;font-size:0.95rem;margin:0.4rem 0}
html.large .meta{color:#000}
.notice{border:2px solid #9a4500;background:#fff4e5;border-radius:0.5rem;padding:0.7rem 1rem;margin:1rem 0}
html.large .notice{background:#fff;border-color:#000}
.notice.retracted{border-color:#b00020;background:#fdecee;border-width:3px}
html.large .notice.retracted{background:#fff;border-color:#000;border-width:4px}
.badge.retracted{background:#b00020}.card.verdict-border-retracted{border-left-color:#b00020}
.withdrawn-verdict{text-decoration:line-through}
.withdrawn{border-left:0.3rem dashed #9e9e9e;padding-left:0.8rem}
.rebuttal img,.rebuttal video,svg{max-width:100%;height:auto}
.rebuttal table{display:block;max-width:100%;overflow-x:auto}
ul.evidence,ul.versions,ol.results{padding-left:1.2rem}
ul.evidence li,ul.versions li,ol.results li{margin:0.4rem 0}
.kind{display:inline-block;font-size:0.85rem;border:1px solid #424242;border-radius:0.3rem;padding:0 0.4rem;margin-right:0.4rem}
.share{display:flex;flex-wrap:wrap;gap:1rem;align-items:flex-start}
.share figure{margin:0;width:10rem;max-width:100%}
.share figcaption{font-size:0.9rem}
.share .links{flex:1 1 14rem;min-width:0}
.share input{width:100%;font:inherit;padding:0.4rem}
form.search{display:grid;gap:0.6rem}
textarea,input,select,button{font:inherit}
textarea{width:100%;min-height:7rem;padding:0.6rem;border:2px solid #424242;border-radius:0.4rem}
select{padding:0.4rem;border:2px solid #424242;border-radius:0.4rem;max-width:100%;min-height:44px}
button{background:#12355b;color:#fff;border:0;border-radius:0.4rem;padding:0.5rem 1.4rem;min-height:44px;cursor:pointer}
html.large button{background:#000}
.filters{display:flex;flex-wrap:wrap;gap:0.6rem;align-items:flex-end;margin:0.6rem 0}
.filters label{display:flex;flex-direction:column;font-size:0.95rem}
.card{background:#fff;border:1px solid #d0d0c8;border-left:0.4rem solid #424242;border-radius:0.4rem;padding:0.6rem 0.9rem}
.card h3{font-size:1.1rem;margin:0.3rem 0}
.card p{margin:0.3rem 0}
nav.pages{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
body.embed{background:#fff}
body.embed main{padding:0.6rem}
body.embed h1{font-size:1.15rem;margin:0.4rem 0}
body.embed .summary{font-size:1rem;border-width:1px;padding:0.5rem 0.7rem}
@media print{
  header.site nav,.switch,.share input,form,nav.pages,.skip{display:none!important}
  header.site,footer.site{background:none;color:#000;border-bottom:1px solid #000}
  header.site a,footer.site a{color:#000}
  body{background:#fff;color:#000;font-size:12pt}
  main{max-width:none;padding:0}
  a{color:#000}
  .rebuttal a[href^="http"]::after,ul.evidence a::after{content:" (" attr(href) ")";font-size:0.85em}
  .badge{border:2px solid #000;color:#000;background:none!important}
  .notice,.summary,blockquote{break-inside:avoid}
}
`;
