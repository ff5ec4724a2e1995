import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

// The package's browser build loads ratecard_wasm.wasm from beside the module that holds it
// (new URL(`./${file}`, import.meta.url)); bundled, that module is a chunk in assets/, so the
// WebAssembly module is emitted there under its own name. Vite would otherwise read that URL as
// a glob over the package's dist/ and copy every file in it (the native addon included): the
// URLs of the package's module are left as they are.
function ratecardWasm(): Plugin {
  const packageJson = createRequire(import.meta.url).resolve('ratecard/package.json');
  const wasmFile = join(dirname(packageJson), 'dist', 'ratecard_wasm.wasm');
  return {
    name: 'ratecard-wasm',
    apply: 'build',
    enforce: 'pre',
    transform(code, id) {
      if (!id.endsWith('/ratecard.browser.mjs')) return null;
      return { code: code.replace(/new URL\(/g, 'new URL(/* @vite-ignore */ '), map: null };
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'assets/ratecard_wasm.wasm', source: readFileSync(wasmFile) });
    },
  };
}

export default defineConfig({
  plugins: [ratecardWasm()],
  resolve: { conditions: ['browser'] },
  esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // Everything is bundled and served by the Ratecard server itself: no CDN, no inline script.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
});
