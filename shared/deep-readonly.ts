/**
 * `T` with every property, array and tuple below it read-only: what a store hands out of its live
 * state, so that a caller cannot change that state by accident. A type only; nothing is copied.
 */
export type DeepReadonly<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;
