import { rolesOf } from '../../shared/domain/callers.ts';
import { unauthorized } from '../../shared/errors.ts';
import { httpHandler } from '../../shared/http/httpHandler.ts';
import * as routes from '../../shared/compiled/system.ts';

export const handler = httpHandler(routes.me, async ({ caller, language }) => {
  if (caller.kind !== 'user') throw unauthorized();
  return { id: caller.id, email: caller.email, name: caller.name, roles: rolesOf(caller), language };
});
