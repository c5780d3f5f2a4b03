// ST-05: take and skip for pagination: page k of size n is skip(k * n) then take(n). The source is
// pulled only as far as the page's last item, then closed.
import { collect, pipe, skip, take } from '@async/stream';
import { isMain, type Out } from './is-main';

export async function main(out: Out = console.log): Promise<void> {
  let produced = 0;
  async function* rows() {
    for (let id = 1; id <= 1000; id++) {
      produced++;
      yield id;
    }
  }
  const pageSize = 5;
  for (const page of [0, 2]) {
    produced = 0;
    const items = await pipe(rows(), skip(page * pageSize), take(pageSize), collect());
    out(`page ${page}: ${items.join(', ')} (rows read: ${produced})`);
  }
}

if (isMain(import.meta)) await main();
