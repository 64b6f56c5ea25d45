import {
  CreateOrderInputSchema,
  CreateUserInputSchema,
  EditOrderInputSchema,
  ReplaceUserInputSchema,
} from '@app/core';
import type * as z from 'zod';
import type { ProblemCode } from './http/problem.js';

/** The Lambda functions, each with its entry module (relative to this package's `src/`). */
export const FUNCTIONS = {
  users: { entry: 'functions/users.ts', api: 'users', description: 'All five users routes' },
  authorizer: { entry: 'functions/authorizer.ts', api: 'users', description: 'Lambda TOKEN authorizer' },
  addOrder: { entry: 'functions/add-order.ts', api: 'orders', description: 'Create an order (idempotent)' },
  getOrder: { entry: 'functions/get-order.ts', api: 'orders', description: 'Read one order' },
  listOrders: { entry: 'functions/list-orders.ts', api: 'orders', description: "List the caller's orders" },
  editOrder: { entry: 'functions/edit-order.ts', api: 'orders', description: 'Edit a PLACED order' },
  cancelOrder: { entry: 'functions/cancel-order.ts', api: 'orders', description: 'Cancel a PLACED order' },
} as const;

export type FunctionName = keyof typeof FUNCTIONS;
export type ApiName = 'users' | 'orders';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RouteDefinition {
  api: ApiName;
  method: HttpMethod;
  /** API Gateway resource path, with `{param}` placeholders. */
  path: string;
  function: Exclude<FunctionName, 'authorizer'>;
  /** `token`: the Lambda TOKEN authorizer; `cognito`: API Gateway's Cognito user pool authorizer. */
  authorizer: 'token' | 'cognito';
  /** The JSON body schema, when the route takes a body. */
  requestSchema?: z.core.$ZodType;
  operationId: string;
  summary: string;
  successStatus: 200 | 204;
  /** The OpenAPI component of the success body; `null` for 204 No Content. */
  successBody: SuccessBody | null;
  /** The problem codes this route answers beyond the ones its shape implies (body, path id, list). */
  errorCodes: readonly ProblemCode[];
}

/** The response components the OpenAPI document defines for success bodies. */
export type SuccessBody = 'User' | 'UserList' | 'Order' | 'OrderList';

/**
 * Every deployed route, in one place: the CDK stacks, the local server and the OpenAPI document
 * are all built from this list, so the local routes are the deployed routes.
 */
export const ROUTES: readonly RouteDefinition[] = [
  {
    api: 'users',
    method: 'GET',
    path: '/users',
    function: 'users',
    authorizer: 'token',
    operationId: 'listUsers',
    summary: 'List users (admin)',
    successStatus: 200,
    successBody: 'UserList',
    errorCodes: ['FORBIDDEN'],
  },
  {
    api: 'users',
    method: 'POST',
    path: '/users',
    function: 'users',
    authorizer: 'token',
    requestSchema: CreateUserInputSchema,
    operationId: 'createUser',
    summary: 'Create a user (admin)',
    successStatus: 200,
    successBody: 'User',
    errorCodes: ['FORBIDDEN', 'USER_EXISTS'],
  },
  {
    api: 'users',
    method: 'GET',
    path: '/users/{userid}',
    function: 'users',
    authorizer: 'token',
    operationId: 'getUser',
    summary: 'Read a user (owner or admin)',
    successStatus: 200,
    successBody: 'User',
    errorCodes: ['FORBIDDEN', 'USER_NOT_FOUND'],
  },
  {
    api: 'users',
    method: 'PUT',
    path: '/users/{userid}',
    function: 'users',
    authorizer: 'token',
    requestSchema: ReplaceUserInputSchema,
    operationId: 'replaceUser',
    summary: 'Create or replace a user (owner or admin)',
    successStatus: 200,
    successBody: 'User',
    errorCodes: ['FORBIDDEN', 'READ_ONLY_FIELD'],
  },
  {
    api: 'users',
    method: 'DELETE',
    path: '/users/{userid}',
    function: 'users',
    authorizer: 'token',
    operationId: 'deleteUser',
    summary: 'Delete a user (owner or admin)',
    successStatus: 204,
    successBody: null,
    errorCodes: ['FORBIDDEN', 'USER_NOT_FOUND'],
  },
  {
    api: 'orders',
    method: 'POST',
    path: '/orders',
    function: 'addOrder',
    authorizer: 'cognito',
    requestSchema: CreateOrderInputSchema,
    operationId: 'createOrder',
    summary: 'Place an order (idempotent per orderId)',
    successStatus: 200,
    successBody: 'Order',
    errorCodes: ['READ_ONLY_FIELD', 'ORDER_EXISTS', 'IDEMPOTENCY_IN_PROGRESS', 'IDEMPOTENCY_KEY_REUSED'],
  },
  {
    api: 'orders',
    method: 'GET',
    path: '/orders',
    function: 'listOrders',
    authorizer: 'cognito',
    operationId: 'listOrders',
    summary: "List the caller's orders",
    successStatus: 200,
    successBody: 'OrderList',
    errorCodes: [],
  },
  {
    api: 'orders',
    method: 'GET',
    path: '/orders/{orderId}',
    function: 'getOrder',
    authorizer: 'cognito',
    operationId: 'getOrder',
    summary: 'Read an order',
    successStatus: 200,
    successBody: 'Order',
    errorCodes: ['ORDER_NOT_FOUND'],
  },
  {
    api: 'orders',
    method: 'PUT',
    path: '/orders/{orderId}',
    function: 'editOrder',
    authorizer: 'cognito',
    requestSchema: EditOrderInputSchema,
    operationId: 'editOrder',
    summary: 'Edit a PLACED order',
    successStatus: 200,
    successBody: 'Order',
    errorCodes: ['READ_ONLY_FIELD', 'ORDER_NOT_EDITABLE', 'ORDER_NOT_FOUND'],
  },
  {
    api: 'orders',
    method: 'DELETE',
    path: '/orders/{orderId}',
    function: 'cancelOrder',
    authorizer: 'cognito',
    operationId: 'cancelOrder',
    summary: 'Cancel a PLACED order within 600 seconds',
    successStatus: 200,
    successBody: 'Order',
    errorCodes: ['ORDER_NOT_CANCELABLE', 'ORDER_NOT_FOUND'],
  },
];
