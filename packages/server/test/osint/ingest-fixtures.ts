/**
 * Small news fixtures for the ingestion suites, written for them: three reports of one clash at a
 * crossing (two outlets' own reporting with different casualty figures, and one that carries an
 * agency's copy), an unrelated story, and the bad inputs a news reader meets.
 */

const page = (o: {
  title: string;
  site: string;
  author: string;
  date: string;
  paragraphs: readonly string[];
  charset?: string;
}) => `<!doctype html>
<html lang="en">
<head>
<meta charset="${o.charset ?? 'utf-8'}">
<title>${o.title} | ${o.site}</title>
<meta property="og:site_name" content="${o.site}">
<meta property="og:title" content="${o.title}">
<meta name="author" content="${o.author}">
<meta property="article:published_time" content="${o.date}T09:30:00Z">
</head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<main>
<article>
<h1>${o.title}</h1>
<p class="byline">By ${o.author}</p>
${o.paragraphs.map((p) => `<p>${p}</p>`).join('\n')}
</article>
</main>
<footer><p>Copyright ${o.site}. All rights reserved.</p></footer>
</body>
</html>
`;

export const CLASH_DAWN = page({
  title: 'Border clash at Torkham crossing kills three soldiers',
  site: 'Frontier Post',
  author: 'Amina Khan',
  date: '2025-10-20',
  paragraphs: [
    'TORKHAM: Three soldiers were killed and seven people were injured when Pakistani and Afghan border forces exchanged fire at the Torkham crossing early on Monday, officials said.',
    'The clash began after a dispute over construction work near the border fence, according to local officials. Mortar rounds landed near the customs terminal and traders fled the crossing.',
    'The crossing, the busiest trade route between the two countries, was closed to traffic and hundreds of trucks were stranded on both sides of the border.',
    'Elders from both sides met in the afternoon to arrange a ceasefire at the crossing, and the firing stopped by evening, residents said.',
  ],
});

/** Another outlet carrying the first report word for word: not an independent origin. */
export const CLASH_COPY = page({
  title: 'Three soldiers killed in Torkham border clash',
  site: 'Peshawar Times',
  author: 'News desk',
  date: '2025-10-20',
  paragraphs: [
    'TORKHAM: Three soldiers were killed and seven people were injured when Pakistani and Afghan border forces exchanged fire at the Torkham crossing early on Monday, officials said.',
    'The clash began after a dispute over construction work near the border fence, according to local officials. Mortar rounds landed near the customs terminal and traders fled the crossing.',
    'The crossing, the busiest trade route between the two countries, was closed to traffic and hundreds of trucks were stranded on both sides of the border.',
    'Elders from both sides met in the afternoon to arrange a ceasefire at the crossing, and the firing stopped by evening, residents said.',
  ],
});

export const CLASH_AGENCY = page({
  title: 'Five soldiers killed as Torkham border clash closes crossing',
  site: 'Kabul Daily',
  author: 'Staff reporter',
  date: '2025-10-20',
  paragraphs: [
    'KABUL: Five soldiers were killed when Afghan and Pakistani border forces exchanged fire at the Torkham crossing on Monday morning, a spokesman for the Afghan interior ministry said.',
    'The ministry said the clash started when Pakistani forces tried to build a post near the border fence. Mortar fire hit the area near the customs terminal, and the crossing was closed.',
    'Hundreds of trucks carrying fruit and other goods were stranded at the crossing, traders said, as elders tried to arrange a ceasefire between the border forces.',
  ],
});

export const CLASH_FOLLOW_UP = `Torkham crossing stays closed after border clash
https://www.tribune.example/torkham-closed | published: 2025-10-21

ISLAMABAD: The Torkham border crossing remained closed on Tuesday, a day after Pakistani and Afghan border forces exchanged fire there. Three soldiers were killed in the clash on Monday, officials said.

Hundreds of trucks were stranded on both sides of the crossing, and traders said fruit was rotting in the heat. Elders from both sides held talks on a ceasefire at the crossing and on reopening it to trade.

The clash began over construction work near the border fence, officials said, and mortar rounds landed near the customs terminal.
`;

export const CRICKET = `Pakistan beat Sri Lanka in Colombo cricket test
source: Sports Desk | published: 2025-10-19

COLOMBO: Pakistan beat Sri Lanka by six wickets on the fifth day of the second test in Colombo on Sunday, with the opening batsman scoring an unbeaten century in the chase.

The spinners took eight wickets between them on a turning pitch, and the captain praised the bowlers after the match. The series ends level at one match each.
`;

/** The first bytes of an ELF executable. */
export const ELF = Buffer.concat([
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]),
  Buffer.alloc(120, 0),
]);

/** Markup with no article in it: broken tags and no text to read. */
export const MALFORMED = '<html><<div <p =/ ><script>var x = "<p>";</script><<</b></td></html>';

/** Malformed but readable: unclosed tags around a real report. */
export const MALFORMED_READABLE = `<html><body><div><p>PESHAWAR: Two policemen were injured when unknown attackers threw a grenade at a checkpoint on the Ring Road in Peshawar on Tuesday night, police said.<p>The attackers fled on a motorcycle, and the police cordoned off the area and began a search of nearby houses, officials said <b>late on Tuesday.<div><p>No group has claimed the attack so far, and the injured were taken to Lady Reading Hospital.`;

/** A page in windows-1252 declaring an encoding no standard knows. */
export const UNKNOWN_ENCODING = Buffer.concat([
  Buffer.from('<html><head><meta charset="x-klingon-8"></head><body><p>Caf'),
  Buffer.from([0xe9, 0xe8, 0xff, 0xfe]),
  Buffer.from(' near the border was closed on Monday, residents said.</p></body></html>'),
]);

/** A report in windows-1252 that says so in its meta tag. */
export const LATIN1_PAGE = Buffer.from(
  page({
    title: 'Café owners at Chaman reopen after border calm',
    site: 'Quetta Voice',
    author: 'Naveed Baloch',
    date: '2025-10-18',
    charset: 'windows-1252',
    paragraphs: [
      'CHAMAN: Café and shop owners near the Chaman crossing reopened on Saturday after three days of calm along the border, traders said, and the crossing saw its first trucks in a week.',
      'The district administration said the crossing would stay open during the day while talks between the border forces continue in the town.',
    ],
  }),
  'latin1',
);
