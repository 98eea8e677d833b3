/** Option parsers shared by the CLI's commands: refuse bad values before anything opens. */
import { InvalidArgumentError } from 'commander';

/** A repeatable option whose values come from a fixed list. */
export function oneOf<T extends string>(values: readonly T[]) {
  return (value: string, previous: T[] | undefined): T[] => {
    if (!(values as readonly string[]).includes(value))
      throw new InvalidArgumentError(`"${value}" is not one of ${values.join(', ')}`);
    return [...(previous ?? []), value as T];
  };
}

/** A repeatable free-text option. */
export const repeatable = (value: string, previous: string[] | undefined): string[] => [
  ...(previous ?? []),
  value,
];

export function wholeNumber(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    return n;
  };
}

/**
 * A time for a filter: an ISO 8601 timestamp, or a date, taken as the start of that day (UTC) for
 * `from` and its end for `to`.
 */
export function filterTime(edge: 'from' | 'to') {
  return (value: string): string => {
    if (/^\d{4}-\d{2}-\d{2}$/.test(value))
      return `${value}T${edge === 'from' ? '00:00:00.000' : '23:59:59.999'}Z`;
    if (Number.isNaN(Date.parse(value)) || !/^\d{4}-\d{2}-\d{2}T/.test(value))
      throw new InvalidArgumentError('must be a date (2025-10-20) or a timestamp with its zone');
    return value;
  };
}

/**
 * A repeatable evidence reference, `KIND:REF` (`link:https://…`, `evidence:<id>`, `file:<sha256>`);
 * the kind and the reference are then checked against the API's schema.
 */
export const evidenceReference = (
  value: string,
  previous: { kind: string; ref: string }[] | undefined,
): { kind: string; ref: string }[] => {
  const colon = value.indexOf(':');
  if (colon <= 0) throw new InvalidArgumentError('must be KIND:REF, such as link:https://…');
  return [...(previous ?? []), { kind: value.slice(0, colon), ref: value.slice(colon + 1) }];
};
