import { assignSegments, decodePathSegment, encodePathSegment, MAX_SEGMENT } from '../../../src/core/export/export-paths.js';

const nasty = [
  'orders-value',
  'com.example.Order',
  'a/b/c',
  '../../etc/passwd',
  '..',
  '.',
  '.hidden',
  'trailing.',
  ':.team-a:orders',
  '100%',
  '%2F',
  'with space',
  'tab\there',
  'new\nline',
  'ünïcödé-値',
  '🙂emoji',
  'CON',
  'nul.txt',
  'com1',
  'back\\slash',
  'star*?<>|"',
  '~tilde',
];

describe('encodePathSegment', () => {
  it.each(nasty)('maps %j to one safe segment that decodes back', (name) => {
    const segment = encodePathSegment(name);
    expect(segment).toMatch(/^[A-Za-z0-9_.%-]+$/);
    expect(segment).not.toMatch(/^\./);
    expect(segment).not.toMatch(/\.$/);
    expect(segment).not.toMatch(/^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i);
    expect(decodePathSegment(segment)).toBe(name);
  });

  it('keeps ordinary names readable', () => {
    expect(encodePathSegment('orders-value')).toBe('orders-value');
    expect(encodePathSegment('com.example.Order')).toBe('com.example.Order');
    expect(encodePathSegment('a/b')).toBe('a%2Fb');
    expect(encodePathSegment('..')).toBe('%2E%2E');
  });

  it('shortens very long names to a bounded segment', () => {
    const long = 'x'.repeat(1000);
    const segment = encodePathSegment(long);
    expect(segment.length).toBeLessThanOrEqual(MAX_SEGMENT);
    expect(segment).not.toBe(encodePathSegment(`${long}y`));
  });
});

describe('assignSegments', () => {
  it('gives names differing only in case distinct case-insensitive segments, still reversible', () => {
    const names = ['AB', 'Ab', 'aB', 'ab', 'other'];
    const segments = assignSegments(names);
    const folded = new Set([...segments.values()].map((s) => s.toLowerCase()));
    expect(folded.size).toBe(names.length);
    for (const name of names) expect(decodePathSegment(segments.get(name)!)).toBe(name);
    expect(segments.get('ab')).toBe('ab');
    expect(segments.get('other')).toBe('other');
  });

  it('is independent of input order', () => {
    const a = assignSegments(['Orders', 'orders', 'x']);
    const b = assignSegments(['x', 'orders', 'Orders']);
    expect([...a.entries()].sort()).toEqual([...b.entries()].sort());
  });
});
