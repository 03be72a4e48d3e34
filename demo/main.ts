// The demo page's entry: starts Quire's worker on OPFS and shows what it read back.
import { probeStorage } from '../src/client/index.ts';

const status = document.querySelector<HTMLParagraphElement>('#status')!;

probeStorage('demo')
  .then((probe) => {
    status.dataset.state = 'ready';
    status.dataset.opens = String(probe.opens);
    status.textContent = `OPFS folder ${probe.folder}: opened ${probe.opens} time(s), ${probe.fileSize} bytes on disk.`;
  })
  .catch((error: unknown) => {
    status.dataset.state = 'error';
    status.textContent = `Storage failed: ${(error as Error).message}`;
  });
