// Shared by the server (stored search keys, import identity) and tests: no Node imports here.

// Kazakh and Russian Cyrillic as Latin. Kazakh letters take their Russian-keyboard neighbour's
// sound (ә→a, қ→k, ұ→u …), so "нурланкызы" typed on a Russian keyboard meets "Нұрланқызы".
const CYRILLIC: Record<string, string> = {
  а: 'a', ә: 'a', б: 'b', в: 'v', г: 'g', ғ: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z',
  и: 'i', й: 'i', і: 'i', к: 'k', қ: 'k', л: 'l', м: 'm', н: 'n', ң: 'n', о: 'o', ө: 'o',
  п: 'p', р: 'r', с: 's', т: 't', у: 'u', ұ: 'u', ү: 'u', ф: 'f', х: 'h', һ: 'h', ц: 'ts',
  ч: 'ch', ш: 'sh', щ: 'sh', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};
// Latin letters of the Kazakh Latin alphabets and Turkic spellings that plain ASCII writes otherwise.
const LATIN: Record<string, string> = { ş: 'sh', ç: 'ch', ı: 'i', q: 'k', x: 'h', w: 'u' };

/**
 * One word in a canonical Latin skeleton: Cyrillic transliterated, accents dropped, and the
 * spellings that differ between transliterations merged (zh/j, kh/h, y/i, a doubled letter as one,
 * "ye" at the start as "e"). "Әлия" and "Aliya" both become "alia"; "Нұрланқызы", "нурланкызы"
 * and "Nurlankyzy" become "nurlankizi".
 */
function skeletonWord(word: string): string {
  let latin = '';
  for (const ch of word) latin += CYRILLIC[ch] ?? LATIN[ch] ?? ch;
  return latin
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/zh/g, 'j')
    .replace(/kh/g, 'h')
    .replace(/y/g, 'i')
    .replace(/^ie/, 'e')
    .replace(/([a-z])\1+/g, '$1')
    .replace(/[^a-z0-9]/g, '');
}

/** The words of a name or a search text as skeletons (see `skeletonWord`), empty ones left out. */
export function nameWords(text: string): string[] {
  return text
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .map(skeletonWord)
    .filter((w) => w !== '');
}

/** The stored search key of an attendee: the skeletons of the last and first name, space separated. */
export function attendeeSearchKey(a: { firstName: string; lastName: string }): string {
  return nameWords(`${a.lastName} ${a.firstName}`).join(' ');
}
