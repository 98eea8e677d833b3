/**
 * What a news file is, from its bytes and never from its name: HTML or plain text, and in which
 * character encoding. Anything else is refused with an {@link IngestError} saying why, to be
 * recorded against that one item while the rest of its batch goes on.
 *
 * - Binary formats are recognised by their signatures (`file-type`, through the evidence store's
 *   sniffer: "an ELF executable", "a ZIP archive", …); NUL bytes outside UTF-16 mean binary too.
 * - HTML or text: the document is parsed (linkedom) and is HTML when the parser finds a doctype or
 *   an element in it; a plain-text article has neither.
 * - The encoding: a byte-order mark, else the transport's `charset` (an HTTP Content-Type), else
 *   for HTML a `<meta charset>` (the HTML Standard's sniffing, `html-encoding-sniffer`). A page that
 *   declares nothing is read as UTF-8 when it is valid UTF-8, else as windows-1252, the HTML
 *   Standard's default; plain text must be UTF-8 unless it declares otherwise. A declared encoding
 *   no standard knows is refused, unless the bytes are valid UTF-8.
 * - Decoding is the WHATWG Encoding Standard's (`@exodus/bytes`), which knows every legacy encoding;
 *   a stray invalid byte in a declared encoding becomes U+FFFD, as in a browser.
 */
import { MIMEType } from 'node:util';
import {
  TextDecoder as WhatwgTextDecoder,
  getBOMEncoding,
  isomorphicDecode,
  labelToName,
} from '@exodus/bytes/encoding.js';
import sniffHtmlEncoding from 'html-encoding-sniffer';
import { parseHTML } from 'linkedom';
import { sniffContentType } from '../../platform/blobs/content-type.ts';
import { HEAD_BYTES } from '../../platform/blobs/staging.ts';

/** Why an item could not be read: `code` for scripts, the message for people. */
export class IngestError extends Error {
  override readonly name = 'IngestError';
  constructor(
    message: string,
    readonly code: 'empty' | 'too_large' | 'binary' | 'encoding' | 'unreadable' | 'fetch',
  ) {
    super(message);
  }
}

export interface DecodedContent {
  readonly kind: 'html' | 'text';
  readonly text: string;
  /** The WHATWG name of the encoding the bytes were decoded from. */
  readonly charset: string;
}

/** How much of a document is parsed to tell HTML from text. */
const DETECT_CHARS = 64 * 1024;
const NONE = '(none)';

function validUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The `charset` parameter of a Content-Type, if any (null for none or an unparsable type). */
function charsetOf(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  try {
    return new MIMEType(contentType).params.get('charset');
  } catch {
    return null;
  }
}

interface Parsed {
  readonly html: boolean;
  /** The label a `<meta>` declares, whether or not it is a known one. */
  readonly metaLabel: string | null;
}

function parse(provisional: string): Parsed {
  const { document } = parseHTML(provisional.slice(0, DETECT_CHARS));
  const html = document.doctype !== null || document.querySelector('*') !== null;
  if (!html) return { html, metaLabel: null };
  const charset = document.querySelector('meta[charset]')?.getAttribute('charset');
  if (charset) return { html, metaLabel: charset.trim() };
  for (const meta of document.querySelectorAll('meta[http-equiv][content]')) {
    if (meta.getAttribute('http-equiv')?.toLowerCase() !== 'content-type') continue;
    const label = charsetOf(meta.getAttribute('content'));
    if (label) return { html, metaLabel: label };
  }
  return { html, metaLabel: null };
}

function refuseBinary(head: Uint8Array, sniffed: Awaited<ReturnType<typeof sniffContentType>>) {
  if (!sniffed.ok && sniffed.detected !== null && sniffed.detected !== 'application/xml')
    throw new IngestError(`not a news article: it is ${sniffed.reason}`, 'binary');
  if (sniffed.ok && sniffed.kind !== 'text')
    throw new IngestError(
      `not a news article: it is a file of type ${sniffed.mime}; only HTML and plain text are read`,
      'binary',
    );
  if (head.includes(0)) throw new IngestError('not a news article: it is binary data', 'binary');
}

/**
 * Decodes `bytes`. `contentType` is what the transport said (an HTTP response's Content-Type);
 * only its charset is used. Throws {@link IngestError}.
 */
export async function readContent(
  bytes: Uint8Array,
  options: { readonly contentType?: string | null; readonly maxBytes: number },
): Promise<DecodedContent> {
  if (bytes.byteLength === 0) throw new IngestError('the file is empty', 'empty');
  if (bytes.byteLength > options.maxBytes)
    throw new IngestError(
      `the file is ${bytes.byteLength} bytes, more than the ${options.maxBytes} accepted`,
      'too_large',
    );
  const bom = getBOMEncoding(bytes);
  const utf16 = bom === 'utf-16le' || bom === 'utf-16be';
  if (!utf16) {
    const head = bytes.subarray(0, HEAD_BYTES);
    refuseBinary(head, await sniffContentType(head));
  }

  const transportLabel = charsetOf(options.contentType);
  const transport = transportLabel === null ? null : labelToName(transportLabel);
  // Every encoding but UTF-16 keeps ASCII markup as ASCII bytes: a byte-per-character view is
  // enough to see the document's structure before its encoding is known.
  const provisional = utf16
    ? new WhatwgTextDecoder(bom).decode(bytes.subarray(0, DETECT_CHARS * 2))
    : isomorphicDecode(bytes.subarray(0, DETECT_CHARS));
  const { html, metaLabel } = parse(provisional);

  let charset: string;
  if (bom !== null) charset = labelToName(bom) ?? 'UTF-8';
  else {
    const declared = html
      ? sniffHtmlEncoding(bytes, {
          ...(transport !== null ? { transportLayerEncodingLabel: transport } : {}),
          defaultEncoding: NONE,
        })
      : (transport ?? NONE);
    if (declared !== NONE) charset = declared;
    else {
      const unknown = transportLabel ?? metaLabel;
      if (validUtf8(bytes)) charset = 'UTF-8';
      else if (unknown !== null)
        throw new IngestError(
          `the file declares the character encoding "${unknown.slice(0, 50)}", which is not a known encoding, and is not UTF-8`,
          'encoding',
        );
      else if (html) charset = 'windows-1252';
      else
        throw new IngestError(
          'the text is not UTF-8 and declares no character encoding (save it as UTF-8)',
          'encoding',
        );
    }
  }
  let text: string;
  try {
    text = new WhatwgTextDecoder(charset).decode(bytes);
  } catch {
    throw new IngestError(`the file cannot be decoded as ${charset}`, 'encoding');
  }
  if (text.trim() === '') throw new IngestError('the file holds no text', 'empty');
  if (!utf16 && text.includes('\u0000'))
    throw new IngestError('not a news article: it is binary data', 'binary');
  return { kind: html ? 'html' : 'text', text, charset };
}
