import 'reflect-metadata';

const PATCH_BODY = Symbol('evently:patch-body');

/** Marks a DTO as a PATCH body: one that names no field to change is refused (400, nothing to change). */
export const PatchBody = (): ClassDecorator => (target) => {
  Reflect.defineMetadata(PATCH_BODY, true, target);
};

export const isPatchBody = (type: unknown): boolean =>
  typeof type === 'function' && Reflect.getMetadata(PATCH_BODY, type) === true;

/** True when a validated PATCH body names no field (a field set to null, to clear it, counts). */
export const changesNothing = (dto: object): boolean =>
  Object.values(dto).every((value) => value === undefined);
