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

  it('spells every Kazakh and Russian letter, and the letters of Kazakh Latin and Turkic spellings, in plain Latin', () => {
    const letters = 'абвгғдеёжзийіклмнңоөпрстуұүфхһцчшщъыьэюяşçıqxw';
    const spelt = Object.fromEntries([...letters].map((l) => [l, nameWords(l).join(' ')]));
    expect(spelt).toEqual({
      а: 'a', б: 'b', в: 'v', г: 'g', ғ: 'g', д: 'd', е: 'e', ё: 'e', ж: 'j', з: 'z', и: 'i', й: 'i', і: 'i', к: 'k', л: 'l', м: 'm',
      н: 'n', ң: 'n', о: 'o', ө: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ұ: 'u', ү: 'u', ф: 'f', х: 'h', һ: 'h', ц: 'ts', ч: 'ch',
      ш: 'sh', щ: 'sh', ъ: '', ы: 'i', ь: '', э: 'e', ю: 'iu', я: 'ia', ş: 'sh', ç: 'ch', ı: 'i', q: 'k', x: 'h', w: 'u',
    });
  });

  it('drops accents and letters outside the two alphabets, keeps "ie" inside a word, and reads a letter typed many times as one', () => {
    expect(nameWords('Zoë Müller Weiß')).toEqual(['zoe', 'muler', 'uei']);
    expect(nameWords('Дмитриев')).toEqual(['dmitriev']);
    expect(nameWords('Дмитриев')).not.toEqual(nameWords('Дмитрев'));
    expect(nameWords('Kasssymova')).toEqual(nameWords('Касымова'));
  });
});
