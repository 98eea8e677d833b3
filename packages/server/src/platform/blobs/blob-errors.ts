/**
 * The blob store's typed errors. The evidence feature maps them onto its problem codes (too large,
 * truncated upload, not found); none of them carries the bytes or a path outside the store.
 */

/** The upload went past the size limit; nothing was kept. */
export class BlobTooLargeError extends Error {
  override readonly name = 'BlobTooLargeError';
  constructor(
    /** The limit in bytes that was exceeded. */
    readonly limit: number,
  ) {
    super(`The file is larger than the limit of ${limit} bytes`);
  }
}

/** The source failed or was aborted before its end; nothing was kept. */
export class BlobTruncatedError extends Error {
  override readonly name = 'BlobTruncatedError';
  constructor(
    /** Bytes received before the source failed. */
    readonly receivedBytes: number,
    options?: { cause?: unknown },
  ) {
    super(`The upload ended early, after ${receivedBytes} bytes`, options);
  }
}

/** No committed blob has this address. */
export class BlobNotFoundError extends Error {
  override readonly name = 'BlobNotFoundError';
  constructor(readonly sha256: string) {
    super(`No blob with SHA-256 ${sha256}`);
  }
}

/** The lowercase hexadecimal SHA-256 digest every address must be. */
export const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Throws a TypeError unless `sha256` is a lowercase hex SHA-256 digest (so it is safe in a path or key). */
export function assertSha256(sha256: string): void {
  if (!SHA256_HEX.test(sha256)) {
    throw new TypeError(
      `Not a lowercase hex SHA-256 digest: ${JSON.stringify(sha256.slice(0, 80))}`,
    );
  }
}
