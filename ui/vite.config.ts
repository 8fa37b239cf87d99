import { defineConfig } from "vite";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// Served by the Tauri shell: `tauri dev` points the webview at the dev server (fixed port, so the shell's
// `devUrl` can name it), `tauri build` embeds `dist/`. Everything is bundled: the app must work offline.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
    watch: { ignored: ["**/src-tauri/**", "**/target/**"] },
  },
  envPrefix: ["VITE_", "TAURI_ENV_"],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Fonts, images and scripts stay files of the bundle; nothing is fetched from a CDN.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 800,
  },
});
