// Stand-in for awesome-fnf/oss-unzip functions/unzip/index.py as of December 2019 (service ossUnzip): it unzips the
// entries from marker on and, once its time threshold is reached, answers the entry to go on from as the marker
// ("" when the last entry is out). Here the zip files are fixed listings of entry names, and the time threshold is
// reached after two entries.
const ZIPS = { 'photos.zip': ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg', 'e.jpg'] };
const ENTRIES_PER_CALL = 2;

export async function handler(event) {
  const { key, marker = '' } = JSON.parse(event);
  if (!key.endsWith('.zip')) throw new Error(`${key} filetype is not zip`);
  const names = ZIPS[key] ?? [];
  const from = marker ? names.indexOf(marker) : 0;
  const next = names[from + ENTRIES_PER_CALL];
  return { marker: next ?? '' };
}
