/** Reads a directory of article files (`*.txt`) and its optional `labels.json`. */
import fs from 'node:fs';
import path from 'node:path';
import {
  parseArticle,
  parseLabels,
  type Article,
  type Labels,
} from '@truceline/domain/osint/index';

export interface Corpus {
  readonly articles: Article[];
  readonly labels: Labels | null;
  /** Files that could not be read, with why; the rest are still read. */
  readonly errors: Array<{ file: string; error: string }>;
}

export function readCorpus(dir: string): Corpus {
  const names = fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.txt'))
    .sort();
  const articles: Article[] = [];
  const errors: Array<{ file: string; error: string }> = [];
  for (const name of names) {
    try {
      const bytes = fs.readFileSync(path.join(dir, name));
      const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      articles.push(parseArticle(name, text));
    } catch (error) {
      errors.push({ file: name, error: (error as Error).message });
    }
  }
  const labelsFile = path.join(dir, 'labels.json');
  const labels = fs.existsSync(labelsFile)
    ? parseLabels(JSON.parse(fs.readFileSync(labelsFile, 'utf8')) as unknown)
    : null;
  return { articles, labels, errors };
}
