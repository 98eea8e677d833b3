import { describe, expect, it } from 'vitest';
import {
  filtersToQuery,
  filtersToSearch,
  hasFilters,
  NO_FILTERS,
  parseFilters,
} from './filters.ts';

describe('complaint filters in the address bar', () => {
  it('round-trips through the query string', () => {
    const filters = {
      state: ['awaiting_reply', 'reply_overdue'] as const,
      category: ['ied'] as const,
      party: '6890a929-7998-46db-a99f-95c5a2614098',
      from: '2025-10-01',
      to: '2025-10-31',
      q: 'Torkham',
    };
    const search = filtersToSearch({
      ...filters,
      state: [...filters.state],
      category: [...filters.category],
    });
    expect(search.toString()).toBe(
      'state=awaiting_reply&state=reply_overdue&category=ied&party=6890a929-7998-46db-a99f-95c5a2614098&from=2025-10-01&to=2025-10-31&q=Torkham',
    );
    expect(parseFilters(search)).toEqual(filters);
  });

  it('ignores what is malformed', () => {
    const parsed = parseFilters(
      new URLSearchParams('state=nonsense&state=closed&category=x&party=abc&from=yesterday&q='),
    );
    expect(parsed).toEqual({ ...NO_FILTERS, state: ['closed'] });
    expect(hasFilters(NO_FILTERS)).toBe(false);
  });

  it('turns dates into whole UTC days for the API', () => {
    expect(
      filtersToQuery({ ...NO_FILTERS, from: '2025-10-01', to: '2025-10-02', q: ' a ' }),
    ).toEqual({ from: '2025-10-01T00:00:00.000Z', to: '2025-10-02T23:59:59.999Z', q: 'a' });
    expect(filtersToQuery(NO_FILTERS)).toEqual({});
  });
});
