/**
 * Plain text of the article element Readability chose: what is not the story's prose is removed
 * first (figures, captions and credits, navigation, asides, footers, lists that are mostly links),
 * then the text is read with one line per block element and per `<br>`, so paragraphs stay apart.
 */

/** The slice of the DOM (linkedom's, or a browser's) this module uses. */
export interface TextNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly textContent: string | null;
  readonly childNodes: ArrayLike<TextNode>;
}
export interface TextElement extends TextNode {
  querySelectorAll(selector: string): ArrayLike<TextElement>;
  getAttribute(name: string): string | null;
  remove(): void;
}

const ELEMENT = 1;
const TEXT = 3;

/** Elements that never hold the story's own prose. */
const NOT_PROSE = [
  'figure',
  'figcaption',
  'picture',
  'nav',
  'aside',
  'footer',
  '[role="navigation"]',
  '[role="complementary"]',
].join(',');

/** Class or id words of image captions and photo credits. */
const CAPTION = /(?:^|[\s_-])(?:[a-z]*caption[a-z]*|credits?)(?:$|[\s_-])/i;

/** A list whose linked text is at least this share of its text is navigation or "read more". */
const LINK_LIST_DENSITY = 0.5;

const BLOCKS = new Set(
  (
    'ADDRESS ARTICLE BLOCKQUOTE DD DETAILS DIV DL DT FIELDSET FORM H1 H2 H3 H4 H5 H6 HEADER HR LI ' +
    'MAIN OL P PRE SECTION SUMMARY TABLE TR UL'
  ).split(' '),
);

const textLength = (n: TextNode) => (n.textContent ?? '').replace(/\s+/g, '').length;

function linkDensity(list: TextElement): number {
  const total = textLength(list);
  if (total === 0) return 0;
  let linked = 0;
  const links = list.querySelectorAll('a');
  for (let i = 0; i < links.length; i++) {
    const a = links[i];
    if (a) linked += textLength(a);
  }
  return linked / total;
}

/**
 * Removes figures, captions, navigation, asides, footers and link lists from `root`. Captions and
 * link lists are recognised by name and by links; as a guard against a misleading class name, an
 * element so recognised is kept when it holds most (over half) of the text.
 */
export function removeNonProse(root: TextElement): void {
  const drop = root.querySelectorAll(NOT_PROSE);
  for (let i = 0; i < drop.length; i++) drop[i]?.remove();
  const half = textLength(root) / 2;
  const named = root.querySelectorAll('[class], [id]');
  for (let i = 0; i < named.length; i++) {
    const el = named[i];
    const names = `${el?.getAttribute('class') ?? ''} ${el?.getAttribute('id') ?? ''}`;
    if (el && CAPTION.test(names) && textLength(el) <= half) el.remove();
  }
  const lists = root.querySelectorAll('ul, ol');
  for (let i = 0; i < lists.length; i++) {
    const list = lists[i];
    if (list && linkDensity(list) >= LINK_LIST_DENSITY && textLength(list) <= half) list.remove();
  }
}

/**
 * The text under `root`, one line per block element or `<br>`, spaces collapsed within lines,
 * empty lines dropped. Table cells of a row are separated by a space.
 */
export function blockText(root: TextNode): string {
  const parts: string[] = [];
  const walk = (node: TextNode) => {
    if (node.nodeType === TEXT) {
      parts.push(node.textContent ?? '');
      return;
    }
    if (node.nodeType !== ELEMENT) return;
    const name = node.nodeName.toUpperCase();
    if (name === 'BR') {
      parts.push('\n');
      return;
    }
    if (name === 'SCRIPT' || name === 'STYLE' || name === 'NOSCRIPT' || name === 'TEMPLATE') return;
    const block = BLOCKS.has(name);
    if (block) parts.push('\n');
    else if (name === 'TD' || name === 'TH') parts.push(' ');
    for (let i = 0; i < node.childNodes.length; i++) {
      const child = node.childNodes[i];
      if (child) walk(child);
    }
    if (block) parts.push('\n');
  };
  walk(root);
  return parts
    .join('')
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => l !== '')
    .join('\n');
}

/** `removeNonProse` then `blockText`: the article's prose as lines. */
export function mainText(root: TextElement): string {
  removeNonProse(root);
  return blockText(root);
}
