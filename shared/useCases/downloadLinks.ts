/** Presigned links to download a shared file: each one handed out is counted. */
import { config } from '../config.ts';
import * as downloadRepository from '../data/downloadRepository.ts';
import type { Caller } from '../domain/callers.ts';
import { mayDownload } from '../domain/downloads.ts';
import { notFound } from '../errors.ts';
import { viewerFor } from './downloads.ts';
import { downloadLinkTo } from './fileLinks.ts';

/** A file the caller may not download is a 404, exactly like one that does not exist. */
export async function createDownloadLink(caller: Caller, fileId: string, now = new Date()) {
  const [file, viewer] = await Promise.all([downloadRepository.getFile(fileId), viewerFor(caller)]);
  if (!file || !mayDownload(file, viewer) || file.file === null) throw notFound('File');
  const link = await downloadLinkTo(config.downloadsBucket, file.file, now);
  await downloadRepository.countDownload(file.id);
  return link;
}
