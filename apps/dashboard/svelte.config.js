// Svelte 5 with runes everywhere; TypeScript in <script lang="ts"> is stripped by the Svelte compiler.
export default {
  compilerOptions: { runes: true },
};
