import { roleAllows } from './staff.rules';

describe('staff rules', () => {
  it('let door staff check in, and managers also manage; nobody else', () => {
    expect(roleAllows('door', 'door')).toBe(true);
    expect(roleAllows('door', 'manager')).toBe(false);
    expect(roleAllows('manager', 'door')).toBe(true);
    expect(roleAllows('manager', 'manager')).toBe(true);
    expect(roleAllows(null, 'door')).toBe(false);
  });
});
