/**
 * Keyset cursors for the API's lists: an opaque base64url token holding the sort key of the last
 * row served (a time and an id, which breaks ties), so the next page starts strictly after it and
 * stays stable while rows are added. One format for every list; a token this API did not issue is
 * a 400 naming `querystring.cursor`.
 */
import { AppError } from './problem.ts';

/** The position a cursor holds: the last row's time (ISO 8601) and id. */
export interface CursorPosition {
  readonly at: string;
  readonly id: string;
}

const UUID = /^[0-9a-f-]{36}$/i;

/** The cursor that resumes after the row with this time and id. */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
}

/** The position in a cursor from {@link encodeCursor}; anything else is a validation error. */
export function decodeCursor(cursor: string): CursorPosition {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 2 &&
      typeof parsed[0] === 'string' &&
      typeof parsed[1] === 'string' &&
      !Number.isNaN(Date.parse(parsed[0])) &&
      UUID.test(parsed[1])
    ) {
      return { at: parsed[0], id: parsed[1] };
    }
  } catch {
    // Not base64url JSON: the same answer as any other foreign token, below.
  }
  throw new AppError('validation_failed', 'The cursor is not one this API issued', {
    errors: [{ field: 'querystring.cursor', message: 'is not a valid cursor' }],
  });
}
