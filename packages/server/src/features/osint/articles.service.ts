/** Reading stored articles: what was extracted, and the raw form exactly as it was received. */
import type { Readable } from 'node:stream';
import type { OsintArticleDetail } from '@truceline/domain';
import type { Db } from '../../platform/database/database.ts';
import type { BlobStore } from '../../platform/blobs/blob-store.ts';
import { AppError } from '../../platform/http/problem.ts';
import { findArticle } from './osint.repository.ts';

export interface ArticlesService {
  get(id: string): Promise<OsintArticleDetail>;
  /** The raw bytes, from the blob store under their SHA-256. */
  openRaw(id: string): Promise<{ article: OsintArticleDetail; stream: Readable }>;
}

export function createArticlesService(deps: {
  db: Db;
  store: () => Promise<BlobStore>;
}): ArticlesService {
  const get = async (id: string) => {
    const article = await findArticle(deps.db, id);
    if (!article) throw new AppError('not_found', 'No such article');
    return article;
  };
  return {
    get,
    async openRaw(id) {
      const article = await get(id);
      const stream = await (await deps.store()).open(article.sha256);
      return { article, stream };
    },
  };
}
