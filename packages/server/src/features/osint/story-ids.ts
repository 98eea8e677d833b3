/**
 * Story ids that survive re-clustering: each new cluster takes the id of the previous story it
 * shares the most articles with, largest overlaps first, each previous id used at most once; a
 * cluster that overlaps no remaining previous story gets a new id. Pure and deterministic.
 */
export function keepStoryIds(
  clusters: ReadonlyArray<readonly string[]>,
  previous: ReadonlyMap<string, string>,
  newId: () => string,
): string[] {
  const overlaps: Array<{ cluster: number; story: string; overlap: number }> = [];
  clusters.forEach((members, cluster) => {
    const counts = new Map<string, number>();
    for (const article of members) {
      const story = previous.get(article);
      if (story !== undefined) counts.set(story, (counts.get(story) ?? 0) + 1);
    }
    for (const [story, overlap] of counts) overlaps.push({ cluster, story, overlap });
  });
  overlaps.sort(
    (a, b) =>
      b.overlap - a.overlap ||
      a.cluster - b.cluster ||
      (a.story < b.story ? -1 : a.story > b.story ? 1 : 0),
  );
  const ids: Array<string | undefined> = clusters.map(() => undefined);
  const taken = new Set<string>();
  for (const { cluster, story } of overlaps) {
    if (ids[cluster] !== undefined || taken.has(story)) continue;
    ids[cluster] = story;
    taken.add(story);
  }
  return ids.map((id) => id ?? newId());
}
