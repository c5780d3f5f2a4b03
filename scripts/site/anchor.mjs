// The anchor TypeDoc gives a Markdown heading (its Slugger): punctuation dropped, whitespace as `-`, the
// first run of dashes collapsed, lower case; code spans are left out, so headings meant to be linked
// are plain text. TypeDoc warns of a link to an anchor that does not exist, so a change on its side
// fails the build (`--treatWarningsAsErrors`) rather than the links.
export const anchor = (heading) =>
  heading
    .trim()
    .replace(/[\u2000-\u206F\u2E00-\u2E7F\\'!"#$%&()*+,./:;<=>?@[\]^`{|}~]/g, '')
    .replace(/\s/g, '-')
    .replace(/--+/, '-')
    .toLowerCase();
