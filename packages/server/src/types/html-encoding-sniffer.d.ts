/** Types for `html-encoding-sniffer`, which ships none: the HTML Standard's encoding sniffing. */
declare module 'html-encoding-sniffer' {
  /**
   * The canonical name of the encoding of an HTML (or, with `xml`, XML) byte stream: its BOM, else
   * the transport layer's label, else a `<meta charset>` in the first 1024 bytes, else
   * `defaultEncoding` (windows-1252 for HTML, UTF-8 for XML).
   */
  export default function htmlEncodingSniffer(
    bytes: Uint8Array,
    options?: {
      xml?: boolean;
      transportLayerEncodingLabel?: string;
      defaultEncoding?: string;
    },
  ): string;
}
