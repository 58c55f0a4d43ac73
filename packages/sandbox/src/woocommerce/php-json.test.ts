import { describe, expect, it } from 'vitest';
import { phpJsonEncode } from './php-json';

describe('phpJsonEncode', () => {
  it('escapes slashes and non-ASCII like wp_json_encode, and stays valid JSON', () => {
    const value = { url: 'https://example.com/a', name: 'Crème 東京 🎁', plain: 'ok' };
    const text = phpJsonEncode(value);
    expect(text).toBe(
      '{"url":"https:\\/\\/example.com\\/a","name":"Cr\\u00e8me \\u6771\\u4eac \\ud83c\\udf81","plain":"ok"}',
    );
    expect(JSON.parse(text)).toEqual(value);
    expect(phpJsonEncode({ a: 1 })).toBe('{"a":1}');
  });
});
