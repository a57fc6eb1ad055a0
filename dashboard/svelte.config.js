// Svelte options for the dashboard (read by vite-plugin-svelte and svelte-check).
export default {
  compilerOptions: {
    // Runes everywhere: state lives in $state/$derived, never in legacy `let` reactivity.
    runes: true,
  },
};
