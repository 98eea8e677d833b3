/** The news pages (stories and one story), as one chunk the app shell loads when first opened. */
export { NewsListPage } from './news-list-page.tsx';
export { StoryPage } from './story-page.tsx';
