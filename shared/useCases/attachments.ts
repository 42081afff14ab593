/**
 * The seam between tickets and uploads: checking the attachment ids of a new message and handing
 * the ticket code the conditional writes that claim them, to run in the message's own transaction
 * (so the message and its claims are written together or not at all). DynamoDB only: the ticket
 * functions that import this bundle no S3 client.
 */
import * as uploadRepository from '../data/uploadRepository.ts';
import type { TransactWriteItem } from '../data/dynamodb.ts';
import { attachmentOf, claimProblem, type MessageAttachment, type UploadOwner } from '../domain/attachments.ts';
import { config } from '../config.ts';
import { validationFailed, type ErrorDetail } from '../errors.ts';

export { uploadOwnerOf, type MessageAttachment, type UploadOwner } from '../domain/attachments.ts';

const pathOf = (index: number) => `body.attachmentIds[${index}]`;

/**
 * Checks every id (exists, available, owned by one of `owners`, not attached yet) and returns the
 * attachments to store on the message plus the conditional updates marking each upload attached
 * to it. Throws validationFailed (400, a detail per refused id at `body.attachmentIds[<i>]`)
 * otherwise, and for more than the configured maximum or a repeated id. An empty or missing list
 * returns no attachments and no writes, without any read.
 */
export async function claimAttachments(
  ids: string[] | undefined,
  owners: UploadOwner[],
  target: { ticketNumber: string; messageId: string },
  now = new Date(),
): Promise<{ attachments: MessageAttachment[]; transactItems: TransactWriteItem[] }> {
  if (!ids || ids.length === 0) return { attachments: [], transactItems: [] };
  const max = config.attachments.maxPerMessage;
  if (ids.length > max) {
    throw validationFailed(`A message takes at most ${max} attachments`, [
      { path: 'body.attachmentIds', message: `At most ${max}` },
    ]);
  }
  const repeated: ErrorDetail[] = ids.flatMap((id, index) =>
    ids.indexOf(id) === index ? [] : [{ path: pathOf(index), message: 'This file is already in the list' }],
  );
  if (repeated.length > 0) throw validationFailed('An attachment is listed twice', repeated);

  const uploads = await uploadRepository.getMany(ids);
  const problems: ErrorDetail[] = ids.flatMap((id, index) => {
    const problem = claimProblem(uploads.get(id), owners, now);
    return problem === null ? [] : [{ path: pathOf(index), message: problem }];
  });
  if (problems.length > 0) throw validationFailed('Some attachments cannot be attached', problems);

  const claimed = ids.map((id) => uploads.get(id)!);
  return {
    attachments: claimed.map(attachmentOf),
    transactItems: claimed.map((upload) => uploadRepository.claimItem(upload, target, now)),
  };
}
