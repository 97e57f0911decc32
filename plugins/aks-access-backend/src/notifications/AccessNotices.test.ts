import { spanInWords } from './AccessNotices';

describe('spanInWords', () => {
  it('says a span as a person does', () => {
    expect(spanInWords(4 * 3600)).toBe('4 h');
    expect(spanInWords(26 * 3600 + 15 * 60)).toBe('1 d 2 h 15 min');
    expect(spanInWords(15 * 60)).toBe('15 min');
    expect(spanInWords(3 * 3600 + 59 * 60 + 20)).toBe('3 h 59 min');
    expect(spanInWords(20)).toBe('1 min');
  });
});
