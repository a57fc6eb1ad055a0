/** Text made safe for HTML element content and quoted attribute values. */
export const escapeHtml = (s: unknown): string =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** A whole page of the server's own (sign-in, audit): no script, styles from /auth/pages.css. */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} - Family outcomes</title>
<link rel="stylesheet" href="/auth/pages.css">
<link rel="icon" href="data:,">
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header"><span class="site-name">Family outcomes</span></header>
<main id="main" tabindex="-1">
${body}
</main>
</body>
</html>
`;
}

/**
 * The stylesheet of those pages. Colours meet WCAG 2.2 AA contrast (text 4.5:1 or more,
 * the focus ring and field borders 3:1 or more); focus is always visible.
 */
export const pagesCss = `*,*::before,*::after{box-sizing:border-box}
body{margin:0;font:1.125rem/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#0b0c0c;background:#fff}
.skip-link{position:absolute;left:-9999px;top:0;background:#fd0;color:#0b0c0c;padding:.5rem 1rem}
.skip-link:focus{left:0}
.site-header{background:#0b0c0c;color:#fff;padding:.75rem 1.5rem;font-weight:700}
main{max-width:64rem;padding:1.5rem;margin:0 auto}
main:focus{outline:none}
h1{font-size:2rem;line-height:1.2;margin:0 0 1.5rem}
.narrow{max-width:28rem}
label{display:block;font-weight:700;margin:0 0 .25rem}
.field{margin:0 0 1.25rem}
.hint{color:#505a5f;margin:0 0 .25rem}
input[type=text],input[type=password],input[type=date],select{font:inherit;width:100%;padding:.4rem .5rem;border:2px solid #0b0c0c;border-radius:0;background:#fff;color:#0b0c0c}
input[aria-invalid=true]{border-color:#d4351c;border-width:3px}
.field-error{display:block;color:#d4351c;font-weight:700;margin:0 0 .25rem}
button,.button{font:inherit;font-weight:700;background:#00703c;color:#fff;border:0;box-shadow:0 2px 0 #002d18;padding:.5rem 1rem;cursor:pointer;text-decoration:none;display:inline-block}
button.secondary{background:#f3f2f1;color:#0b0c0c;box-shadow:0 2px 0 #929191}
:focus-visible{outline:3px solid #fd0;outline-offset:0;box-shadow:0 0 0 6px #0b0c0c}
a{color:#1d70b8}
a:visited{color:#4c2c92}
.error-summary{border:5px solid #d4351c;padding:1rem 1.25rem;margin:0 0 1.5rem}
.error-summary h2{margin:0 0 .5rem;font-size:1.25rem}
.error-summary ul{margin:0;padding-left:1.25rem}
.error-summary a{color:#d4351c;font-weight:700}
.notice{border-left:5px solid #1d70b8;padding:.5rem 1rem;margin:0 0 1.5rem;background:#f3f2f1}
table{border-collapse:collapse;width:100%;font-size:1rem}
caption{text-align:left;font-weight:700;margin:0 0 .5rem}
th,td{text-align:left;vertical-align:top;border-bottom:1px solid #b1b4b6;padding:.4rem .5rem}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.filters{display:grid;grid-template-columns:repeat(auto-fit,minmax(10rem,1fr));gap:0 1rem;align-items:end;margin:0 0 1rem}
.visually-hidden{position:absolute!important;width:1px;height:1px;margin:0;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
.pager{display:flex;gap:1rem;margin:1rem 0}
.filters-cell{max-width:22rem;word-break:break-word;font-family:ui-monospace,monospace;font-size:.875rem}
`;
