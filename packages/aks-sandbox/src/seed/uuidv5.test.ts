import { roleAssignmentName, uuidv5 } from './uuidv5';

describe('uuidv5', () => {
  it('matches the RFC 4122 reference (DNS namespace, www.example.com)', () => {
    expect(
      uuidv5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'),
    ).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('names role assignments case-insensitively by scope, role and principal', () => {
    expect(roleAssignmentName('/Subscriptions/X', '/R', 'P')).toBe(
      roleAssignmentName('/subscriptions/x', '/r', 'p'),
    );
  });

  it('hashes the role by its GUID, whichever id form ARM returned', () => {
    const guid = 'a7ffa36f-339b-4b5c-8bdf-e2c188b2c0eb';
    const scoped = `/subscriptions/s/providers/Microsoft.Authorization/roleDefinitions/${guid}`;
    expect(roleAssignmentName('/s', scoped, 'p')).toBe(
      roleAssignmentName('/s', guid, 'p'),
    );
  });
});
