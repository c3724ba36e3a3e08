import { Type, type Static } from '@sinclair/typebox';

/** Every error the API answers with: a stable machine code and a human message. */
export const ApiError = Type.Object({
  code: Type.String(),
  message: Type.String(),
});
export type ApiError = Static<typeof ApiError>;
