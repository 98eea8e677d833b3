/**
 * A news web page around a synthetic article, for timing HTML extraction: head metadata, a
 * navigation bar, the article in paragraphs, a sidebar of related links, a footer and scripts,
 * about the size and shape of a real article page.
 */
import type { Article } from '../../packages/domain/src/osint/index.ts';

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const SECTIONS = ['World', 'Politics', 'Business', 'Sport', 'Culture', 'Opinion', 'Video'];

/** The page of one article. */
export function htmlPage(a: Article): string {
  const outlet = escape(a.outlet ?? 'News');
  const nav = SECTIONS.map((s) => `<li><a href="/${s.toLowerCase()}">${s}</a></li>`).join('');
  const related = Array.from(
    { length: 12 },
    (_, i) => `<li><a href="/world/${i}">More from ${outlet}: story ${i + 1}</a></li>`,
  ).join('');
  const paragraphs = a.body
    .split(/\n\n+/)
    .map((p) => `<p>${escape(p)}</p>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>${escape(a.title)} | ${outlet}</title>
<meta property="og:site_name" content="${outlet}">
<meta property="og:title" content="${escape(a.title)}">
${a.published ? `<meta property="article:published_time" content="${a.published}T08:00:00Z">` : ''}
<link rel="stylesheet" href="/assets/site.css">
<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}</script>
</head><body>
<header class="site-header"><a class="logo" href="/">${outlet}</a><nav><ul>${nav}</ul></nav>
<form class="search"><input name="q" placeholder="Search"></form></header>
<main><article class="story">
<h1>${escape(a.title)}</h1>
<div class="byline">By Staff Reporter · <time>${a.published ?? ''}</time></div>
<div class="share"><a href="#">Share</a> <a href="#">Tweet</a> <a href="#">Email</a></div>
${paragraphs}
<div class="tags"><a href="/tag/security">Security</a> <a href="/tag/region">Region</a></div>
</article>
<aside class="related"><h2>Related</h2><ul>${related}</ul></aside></main>
<footer><p>© ${outlet}. All rights reserved.</p><ul><li><a href="/about">About</a></li>
<li><a href="/privacy">Privacy</a></li><li><a href="/contact">Contact</a></li></ul></footer>
<script src="/assets/app.js" defer></script>
</body></html>
`;
}
