// esbuild bundles the stylesheet main.tsx imports into the build's CSS file.
declare module '*.css';
