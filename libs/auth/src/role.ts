export enum Role {
  Customer = 'customer',
  Organizer = 'organizer',
  Admin = 'admin',
}

export const ROLES: readonly Role[] = Object.values(Role);

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
