import { Type, type Static } from '@sinclair/typebox';

/** Every error the API answers with: a stable machine code and a human message. */
export const ApiError = Type.Object({
  code: Type.String(),
  message: Type.String(),
});
export type ApiError = Static<typeof ApiError>;

/** A 400 that names each refused field: `errors: [{ field, code, message }]`. */
export const FieldErrors = Type.Composite([
  ApiError,
  Type.Object({ errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), code: Type.String(), message: Type.String() }))) }),
]);
