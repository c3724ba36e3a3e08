import { describe, expect, it } from 'vitest';
import { attendeeSearchKey, nameWords } from '../../shared/name-search.ts';

describe('name search keys', () => {
  it('folds Kazakh letters to their Russian-keyboard neighbours and Latin spellings to the same skeleton', () => {
    const key = nameWords('Нұрланқызы Әлия');
    for (const typed of ['нурланкызы алия', 'НУРЛАНКЫЗЫ АЛИЯ', 'Nurlankyzy Aliya', 'Nurlanqyzy Aliia', 'nurlankizi alia']) expect(nameWords(typed), typed).toEqual(key);
  });

  it.each([
    ['Дмитрий', 'Dmitriy'],
    ['Дмитрий', 'Dmitry'],
    ['Ұлжан', 'Ulzhan'],
    ['Жанна', 'Janna'],
    ['Ерлан', 'Yerlan'],
    ['Қасымова', 'Kassymova'],
    ['Юлия', 'Yulia'],
    ['Мұхтар', 'Mukhtar'],
    ['Шұғыла', 'Shugyla'],
    ['Айгерім', 'Aygerim'],
    ['Алёна', 'Алена'],
  ])('%s ↔ %s', (cyrillic, latin) => expect(nameWords(latin)).toEqual(nameWords(cyrillic)));

  it('keeps different names apart and splits on punctuation', () => {
    expect(nameWords('Иванов')).not.toEqual(nameWords('Иваново'));
    expect(nameWords('Анна-Мария  Ли')).toEqual(['ana', 'maria', 'li']);
    expect(attendeeSearchKey({ firstName: 'Әсем', lastName: 'Қасымова' })).toBe('kasimova asem');
    expect(nameWords(' — ')).toEqual([]);
  });
});
