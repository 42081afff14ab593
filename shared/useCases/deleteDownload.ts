/** Staff withdrawing a shared file: the item first (customers stop seeing it at once), then its stored file. */
import { config } from '../config.ts';
import * as downloadRepository from '../data/downloadRepository.ts';
import { objectStorage } from '../data/objectStorage.ts';
import { notFound } from '../errors.ts';

export async function deleteDownload(id: string): Promise<void> {
  const file = await downloadRepository.getFile(id);
  if (!file) throw notFound('File');
  await downloadRepository.deleteFile(file);
  // A pending upload's object is left to the bucket's lifecycle rule for `pending/`.
  if (file.file) await objectStorage.delete(config.downloadsBucket, file.file.objectKey);
}
