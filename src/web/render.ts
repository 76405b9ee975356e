import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/** Render a page component to a complete HTML document. Preact escapes every interpolated value. */
export function renderPage(node: VNode): string {
  return '<!doctype html>' + renderToString(node);
}

export function sendPage(reply: FastifyReply, node: VNode, status = 200) {
  return reply.code(status).type('text/html; charset=utf-8').send(renderPage(node));
}
