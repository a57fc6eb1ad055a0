// Ambient types for the client: runes and *.svelte modules (svelte), import.meta.env (vite).
/// <reference types="svelte" />
/// <reference types="vite/client" />
