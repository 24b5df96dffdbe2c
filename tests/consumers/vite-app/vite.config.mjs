// Plain Vite 7, no plugins: the package must work with the defaults.
export default {
  logLevel: 'warn',
  build: { emptyOutDir: true },
};
