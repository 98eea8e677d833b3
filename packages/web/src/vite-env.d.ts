/** Vite's `?url` imports: the built file's URL. */
declare module '*?url' {
  const url: string;
  export default url;
}
