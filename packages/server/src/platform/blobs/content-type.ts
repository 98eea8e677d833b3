/**
 * What kind of evidence a file is, from its bytes (the `file-type` package's signatures), never from
 * its name. An allow-list: photos, video, audio, PDF, office documents and UTF-8 text are accepted;
 * everything else is refused with a reason naming what it is ("an ELF executable", "a ZIP
 * archive", …), to be shown to the person uploading it.
 *
 * Decisions:
 * - Text is accepted when the first bytes are valid UTF-8 with no NUL byte (CSV, Markdown, JSON,
 *   XML, KML, GPX, logs, …). It is always given the type `text/plain; charset=utf-8`, so that it is
 *   shown, never rendered or run, whatever markup it holds.
 * - Text starting with `#!` (a script for an interpreter) is refused, as are executables (Windows
 *   PE/`MZ`, ELF, Mach-O, Java, WebAssembly), archives (ZIP and the rest: their content would escape
 *   the check), legacy OLE Office files (`.doc`, `.xls`: they may hold macros, and installers share
 *   the format) and macro-enabled Office documents.
 * - The file name's extension is used for one thing: `nameMismatch` says that it does not fit the
 *   detected type (a `.jpg` that is a PNG), for the record and the reviewer; it never decides.
 *
 * ZIP-based documents (DOCX, XLSX, PPTX, ODF) are recognised from their entries, which are not
 * always within the first bytes (LibreOffice writes `[Content_Types].xml` last). Prefer
 * {@link sniffFileContentType} on the staged file, which can read the whole file; from a head alone
 * such a document is reported as "a ZIP archive".
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileTypeFromBuffer, fileTypeFromFile, type FileTypeResult } from 'file-type';
import { HEAD_BYTES } from './staging.ts';

export type EvidenceKind = 'image' | 'video' | 'audio' | 'pdf' | 'document' | 'text';

export type SniffResult =
  | {
      readonly ok: true;
      /** The type to store and serve the file with. */
      readonly mime: string;
      /** The usual extension of that type, without a dot. */
      readonly extension: string;
      readonly kind: EvidenceKind;
      /** The name given has an extension that does not fit the detected type. */
      readonly nameMismatch: boolean;
    }
  | {
      readonly ok: false;
      /** What the file is, as a noun phrase: "an ELF executable", "a ZIP archive". */
      readonly reason: string;
      /** The MIME type detected, if any. */
      readonly detected: string | null;
    };

interface Accepted {
  readonly kind: EvidenceKind;
  /** Extensions a correctly named file of this type may have (the first is the usual one). */
  readonly extensions: readonly string[];
}

const ACCEPTED: ReadonlyMap<string, Accepted> = new Map<string, Accepted>([
  ['image/jpeg', { kind: 'image', extensions: ['jpg', 'jpeg', 'jpe', 'jfif'] }],
  ['image/png', { kind: 'image', extensions: ['png'] }],
  ['image/apng', { kind: 'image', extensions: ['apng', 'png'] }],
  ['image/webp', { kind: 'image', extensions: ['webp'] }],
  ['image/gif', { kind: 'image', extensions: ['gif'] }],
  ['image/heic', { kind: 'image', extensions: ['heic', 'heif'] }],
  ['image/heif', { kind: 'image', extensions: ['heif', 'heic'] }],
  ['image/avif', { kind: 'image', extensions: ['avif'] }],
  ['image/tiff', { kind: 'image', extensions: ['tif', 'tiff'] }],
  ['video/mp4', { kind: 'video', extensions: ['mp4', 'm4v'] }],
  ['video/x-m4v', { kind: 'video', extensions: ['m4v', 'mp4'] }],
  ['video/webm', { kind: 'video', extensions: ['webm', 'weba'] }],
  ['video/quicktime', { kind: 'video', extensions: ['mov', 'qt'] }],
  ['video/matroska', { kind: 'video', extensions: ['mkv', 'mka'] }],
  ['video/3gpp', { kind: 'video', extensions: ['3gp', '3gpp'] }],
  ['video/3gpp2', { kind: 'video', extensions: ['3g2', '3gpp2'] }],
  ['audio/mpeg', { kind: 'audio', extensions: ['mp3', 'mpga'] }],
  ['audio/mp4', { kind: 'audio', extensions: ['m4a', 'mp4', 'aac'] }],
  ['audio/x-m4a', { kind: 'audio', extensions: ['m4a', 'mp4', 'aac'] }],
  ['audio/aac', { kind: 'audio', extensions: ['aac', 'adts'] }],
  ['audio/ogg', { kind: 'audio', extensions: ['ogg', 'oga', 'opus'] }],
  ['audio/ogg; codecs=opus', { kind: 'audio', extensions: ['opus', 'ogg', 'oga'] }],
  ['audio/wav', { kind: 'audio', extensions: ['wav', 'wave'] }],
  ['audio/amr', { kind: 'audio', extensions: ['amr'] }],
  ['audio/flac', { kind: 'audio', extensions: ['flac'] }],
  ['application/pdf', { kind: 'pdf', extensions: ['pdf'] }],
  [
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    { kind: 'document', extensions: ['docx'] },
  ],
  [
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    { kind: 'document', extensions: ['xlsx'] },
  ],
  [
    'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    { kind: 'document', extensions: ['pptx'] },
  ],
  ['application/vnd.oasis.opendocument.text', { kind: 'document', extensions: ['odt'] }],
  ['application/vnd.oasis.opendocument.spreadsheet', { kind: 'document', extensions: ['ods'] }],
  ['application/vnd.oasis.opendocument.presentation', { kind: 'document', extensions: ['odp'] }],
  ['application/rtf', { kind: 'document', extensions: ['rtf'] }],
]);

/** Detected types that are text underneath: accepted as plain text when they are UTF-8. */
const TEXTUAL = new Set(['application/xml', 'text/calendar', 'text/vcard', 'text/vtt']);

/** Extensions a text file may keep (anything else is named .txt). */
const TEXT_EXTENSIONS = [
  'txt',
  'text',
  'csv',
  'tsv',
  'md',
  'markdown',
  'json',
  'geojson',
  'xml',
  'kml',
  'gpx',
  'log',
  'ics',
  'vcf',
  'vtt',
  'srt',
];

const TEXT_MIME = 'text/plain; charset=utf-8';

const ARCHIVES = new Set([
  'application/x-tar',
  'application/x-rar-compressed',
  'application/gzip',
  'application/x-bzip2',
  'application/x-7z-compressed',
  'application/x-xz',
  'application/zstd',
  'application/x-lzip',
  'application/x-compress',
  'application/x-lz4',
  'application/x-cpio',
  'application/x-arj',
  'application/x-ace-compressed',
  'application/x-lzh-compressed',
  'application/vnd.ms-cab-compressed',
  'application/x-unix-archive',
  'application/x-asar',
]);

const REFUSED: ReadonlyMap<string, string> = new Map([
  ['application/x-msdownload', 'a Windows executable (PE)'],
  ['application/x-elf', 'an ELF executable'],
  ['application/x-mach-binary', 'a Mach-O executable'],
  ['application/java-vm', 'a Java class file'],
  ['application/java-archive', 'a Java archive (JAR)'],
  ['application/vnd.android.package-archive', 'an Android package (APK)'],
  ['application/wasm', 'a WebAssembly module'],
  ['application/x-shockwave-flash', 'a Flash file'],
  ['application/x.ms.shortcut', 'a Windows shortcut'],
  ['application/x.apple.alias', 'a macOS alias'],
  ['application/x-ms-regedit', 'a Windows registry file'],
  ['application/x-ft-windows-registry-hive', 'a Windows registry hive'],
  ['application/x-google-chrome-extension', 'a browser extension'],
  ['application/x-xpinstall', 'a browser extension'],
  ['application/zip', 'a ZIP archive'],
  ['application/x-deb', 'a software package (deb)'],
  ['application/x-rpm', 'a software package (RPM)'],
  ['application/x-apple-diskimage', 'a disk image'],
  [
    'application/x-cfb',
    'an OLE compound file (a legacy Office document such as .doc or .xls, or an installer; save it as PDF, DOCX or XLSX)',
  ],
  ['application/x-sqlite3', 'an SQLite database'],
  ['application/vnd.ms-outlook', 'an Outlook message (save it as PDF)'],
  ['application/postscript', 'a PostScript file (save it as PDF)'],
  ['application/eps', 'an EPS file (save it as PDF)'],
  ['application/pgp-encrypted', 'a PGP-encrypted file'],
]);

/**
 * Sniffs `head` (the first bytes of a file; 4100 are enough for most types). ZIP-based documents
 * need {@link sniffFileContentType}. `fileName` is used only to set `nameMismatch`.
 */
export async function sniffContentType(head: Uint8Array, fileName?: string): Promise<SniffResult> {
  const detected = head.length === 0 ? undefined : await fileTypeFromBuffer(head);
  // The head may end inside a character: a stream decode tolerates that last incomplete one.
  return classify(detected, head, { complete: false }, fileName);
}

/** Sniffs a whole file (a staged upload), reading as far as the type needs. */
export async function sniffFileContentType(
  filePath: string,
  fileName?: string,
): Promise<SniffResult> {
  const handle = await fs.open(filePath, 'r');
  let head: Uint8Array;
  let size: number;
  try {
    size = (await handle.stat()).size;
    const buffer = new Uint8Array(Math.min(size, HEAD_BYTES));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const detected = size === 0 ? undefined : await fileTypeFromFile(filePath);
  return classify(detected, head, { complete: size <= head.length }, fileName);
}

function classify(
  detected: FileTypeResult | undefined,
  head: Uint8Array,
  { complete }: { complete: boolean },
  fileName: string | undefined,
): SniffResult {
  const declared = extensionOf(fileName);
  // A UTF-16 byte-order mark can pass for an MPEG frame header: text wins when the rest is text.
  if (looksLikeUtf16(head)) {
    return { ok: false, reason: 'UTF-16 text (only UTF-8 text is accepted)', detected: null };
  }
  if (detected && !TEXTUAL.has(detected.mime)) {
    const accepted = ACCEPTED.get(detected.mime);
    if (accepted) {
      return {
        ok: true,
        mime: detected.mime,
        extension: accepted.extensions[0] ?? detected.ext,
        kind: accepted.kind,
        nameMismatch: declared !== undefined && !accepted.extensions.includes(declared),
      };
    }
    return { ok: false, reason: refusalReason(detected), detected: detected.mime };
  }

  const mime = detected?.mime ?? null;
  if (head.length === 0) return { ok: false, reason: 'an empty file', detected: null };
  if (head.includes(0) || !isUtf8(head, complete)) {
    return { ok: false, reason: 'an unrecognised binary file', detected: mime };
  }
  const text = startsWith(head, [0xef, 0xbb, 0xbf]) ? head.subarray(3) : head;
  if (startsWith(text, [0x23, 0x21])) {
    return { ok: false, reason: 'a script (it starts with #!)', detected: mime };
  }
  const keep = declared !== undefined && TEXT_EXTENSIONS.includes(declared);
  return {
    ok: true,
    mime: TEXT_MIME,
    extension: keep ? declared : 'txt',
    kind: 'text',
    nameMismatch: declared !== undefined && !keep,
  };
}

function refusalReason(detected: FileTypeResult): string {
  const known = REFUSED.get(detected.mime);
  if (known) return known;
  if (ARCHIVES.has(detected.mime)) return `an archive (${detected.ext.toUpperCase()})`;
  if (/macroenabled/i.test(detected.mime)) return 'a macro-enabled Office document';
  return `a file of type ${detected.mime} (.${detected.ext}), which is not accepted as evidence`;
}

function isUtf8(bytes: Uint8Array, complete: boolean): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: !complete });
    return true;
  } catch {
    return false;
  }
}

/** A UTF-16 byte-order mark followed by characters with no NUL or control code among them. */
function looksLikeUtf16(head: Uint8Array): boolean {
  const littleEndian = startsWith(head, [0xff, 0xfe]);
  if (!littleEndian && !startsWith(head, [0xfe, 0xff])) return false;
  const end = Math.min(head.length - (head.length % 2), 2 + 2 * 256);
  if (end <= 2) return false;
  for (let i = 2; i < end; i += 2) {
    const unit = littleEndian ? head[i]! | (head[i + 1]! << 8) : (head[i]! << 8) | head[i + 1]!;
    if (unit < 0x20 && unit !== 0x09 && unit !== 0x0a && unit !== 0x0d) return false;
  }
  return true;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

function extensionOf(fileName: string | undefined): string | undefined {
  if (fileName === undefined) return undefined;
  const ext = path.extname(path.basename(fileName.replace(/\\/g, '/'))).slice(1);
  return ext === '' ? undefined : ext.toLowerCase();
}
