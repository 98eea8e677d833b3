/**
 * The few node:crypto functions the log tests use, typed here so that the domain's type check
 * keeps Node's global types (Buffer, process...) out of src: the domain's tsconfig loads no
 * @types/node, and src must not compile against it.
 */
declare module 'node:crypto' {
  export interface Hash {
    update(data: Uint8Array): Hash;
    digest(): Uint8Array;
  }
  export interface KeyObject {
    export(options: { format: 'der'; type: 'spki' | 'pkcs8' }): Uint8Array;
  }
  export function createHash(algorithm: 'sha256'): Hash;
  export function createPrivateKey(input: {
    key: Uint8Array;
    format: 'der';
    type: 'pkcs8';
  }): KeyObject;
  export function createPublicKey(
    input: KeyObject | { key: Uint8Array; format: 'der'; type: 'spki' },
  ): KeyObject;
  export function sign(algorithm: null, data: Uint8Array, key: KeyObject): Uint8Array;
  export function verify(
    algorithm: null,
    data: Uint8Array,
    key: KeyObject,
    signature: Uint8Array,
  ): boolean;
}
