// Vite turns `?url` imports into the URL of the copied asset.
declare module '*?url' {
  const url: string;
  export default url;
}
