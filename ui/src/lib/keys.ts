/**
 * Whether a key event belongs to an input method composition (pinyin, zhuyin, …). Enter and Escape then
 * confirm or cancel the composition and must not also save or close the form. WebKit reports keyCode 229
 * for such events without always setting `isComposing`.
 */
export function isComposing(e: KeyboardEvent): boolean {
  return e.isComposing || e.keyCode === 229;
}
