import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// Built assets land in dist/ with content hashes in their names (assets/index-3f2a1b.js), which is what
// lets the Web host cache them for a year while index.html is never cached.
export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false },
});
