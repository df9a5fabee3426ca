/** A nested dictionary of texts. */
export interface TextTree {
  [key: string]: string | TextTree;
}

/** One area's texts in both languages; a spec checks the two have the same keys. */
export interface AreaTexts {
  zh: TextTree;
  en: TextTree;
}
