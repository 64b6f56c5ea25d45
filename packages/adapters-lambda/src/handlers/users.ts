import type { CoreServices } from '@app/core';
import { callerFromAuthorizerContext } from '../http/caller.js';
import { EdgeError } from '../http/edge-error.js';
import type { ApiHandler } from '../http/http-handler.js';
import { httpHandler } from '../http/http-handler.js';
import { pathParameter, readJsonBody, readQuery } from '../http/request.js';
import { jsonResponse, noContentResponse } from '../http/response.js';
import type { Observability } from '../observability/observability.js';
import { LIST_QUERY_PARAMETERS, listBody, NO_QUERY_PARAMETERS, userBody } from './representations.js';

export interface UsersHandlerDependencies {
  services: Pick<CoreServices, 'users'>;
  observability: Observability;
}

/**
 * All five users routes in one function, as in the original, routed by API Gateway's resource
 * and method. The caller comes from the TOKEN authorizer's context; the user service checks the
 * same authorization rule the authorizer's policy was built from.
 */
export function createUsersHandler({ services, observability }: UsersHandlerDependencies): ApiHandler {
  const { users } = services;
  return httpHandler(observability, async (event) => {
    const caller = callerFromAuthorizerContext(event);
    switch (`${event.httpMethod} ${event.resource}`) {
      case 'GET /users': {
        const result = await users.list(caller, readQuery(event, LIST_QUERY_PARAMETERS));
        return jsonResponse(200, listBody('users', result, userBody));
      }
      case 'POST /users': {
        readQuery(event, NO_QUERY_PARAMETERS);
        return jsonResponse(200, userBody(await users.create(caller, readJsonBody(event))));
      }
      case 'GET /users/{userid}': {
        readQuery(event, NO_QUERY_PARAMETERS);
        return jsonResponse(200, userBody(await users.get(caller, pathParameter(event, 'userid'))));
      }
      case 'PUT /users/{userid}': {
        readQuery(event, NO_QUERY_PARAMETERS);
        const userid = pathParameter(event, 'userid');
        return jsonResponse(200, userBody(await users.replace(caller, userid, readJsonBody(event))));
      }
      case 'DELETE /users/{userid}': {
        readQuery(event, NO_QUERY_PARAMETERS);
        await users.delete(caller, pathParameter(event, 'userid'));
        return noContentResponse();
      }
      default:
        throw new EdgeError('ROUTE_NOT_FOUND', `No route ${event.httpMethod} ${event.resource}.`);
    }
  });
}
