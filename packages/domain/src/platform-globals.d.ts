/**
 * The few globals the domain may use: present in every browser and in Node (18+) alike.
 * Declared here because the domain compiles without DOM or Node typings, to keep it free of both.
 */
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean });
  decode(input?: Uint8Array): string;
}
declare function btoa(data: string): string;
declare function atob(data: string): string;
